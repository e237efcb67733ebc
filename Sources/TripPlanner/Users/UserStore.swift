import BSON
import Mongo
import Synchronization

/// The `users` collection. Usernames are unique through an index on their lower-cased form,
/// so two concurrent sign-ups cannot both succeed.
struct UserStore: IndexedStore {
    let accounts: MongoCollection<UserAccount>
    private let index = IndexState()

    init(database: MongoDatabase) {
        accounts = database.collection("users", of: UserAccount.self)
    }

    func createIndexes() async throws {
        try await accounts.createIndexes([MongoIndex(keys: [UserAccount.CodingKeys.username.rawValue: 1], unique: true)])
        index.exists.store(true, ordering: .releasing)
    }

    /// The account of a username in any case, as usernames are case-insensitive.
    func account(named username: String) async throws -> UserAccount? {
        try await accounts.findOne([UserAccount.CodingKeys.username.rawValue: .string(username.lowercased())])
    }

    func account(id: ObjectId) async throws -> UserAccount? {
        try await accounts.findOne([UserAccount.CodingKeys.id.rawValue: .objectId(id)])
    }

    /// Throws `username_taken` when the unique index refuses the name. Waits for the index
    /// first: `IndexSetup` builds it in the background, and before it exists two sign-ups of
    /// one name would both succeed (after which it could never be built). While the database
    /// refuses to build it, sign-ups get 503.
    func insert(_ account: UserAccount) async throws {
        if !index.exists.load(ordering: .acquiring) {
            do {
                try await createIndexes()
            } catch MongoError.command(let code, let message) {
                throw APIError.indexesNotInPlace("code \(code): \(message)")
            }
        }
        do {
            try await accounts.insertOne(account)
        } catch MongoError.duplicateKey {
            throw APIError.usernameTaken
        }
    }

    func setPasswordHash(_ hash: String, of id: ObjectId) async throws -> UserAccount {
        guard let account = try await accounts.findOneAndUpdate(
            filter: [UserAccount.CodingKeys.id.rawValue: .objectId(id)],
            update: ["$set": [UserAccount.CodingKeys.passwordHash.rawValue: .string(hash)]])
        else { throw APIError.unauthorized }
        return account
    }

    func delete(_ id: ObjectId) async throws {
        _ = try await accounts.deleteOne([UserAccount.CodingKeys.id.rawValue: .objectId(id)])
    }
}

/// Whether the unique username index is known to exist; shared by every copy of the store.
private final class IndexState: Sendable {
    let exists = Atomic(false)
}
