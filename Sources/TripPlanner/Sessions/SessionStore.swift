import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mongo

/// The `sessions` collection. Every read checks `expires_at` itself: the TTL index only
/// tidies up, up to a minute or so late, and is never what ends a session.
struct SessionStore: OwnedStore {
    let sessions: MongoCollection<StoredSession>
    let lifetime: SessionLifetime

    private typealias Field = StoredSession.CodingKeys

    init(database: MongoDatabase, lifetime: SessionLifetime) {
        sessions = database.collection("sessions", of: StoredSession.self)
        self.lifetime = lifetime
    }

    /// By token hash for every authenticated request, by owner for listing and revoking,
    /// and a TTL index that removes sessions once they have expired.
    func createIndexes() async throws {
        try await sessions.createIndexes([
            MongoIndex(keys: [Field.tokenHash.rawValue: 1], unique: true),
            MongoIndex(keys: [Field.owner.rawValue: 1, Field.createdAt.rawValue: -1]),
            MongoIndex(keys: [Field.expiresAt.rawValue: 1], expireAfterSeconds: 0),
        ])
    }

    /// A new session and the token that opens it, which exists only in the caller's hands.
    func create(owner: ObjectId, device: String?, now: Date = .now) async throws -> (SessionToken, StoredSession) {
        let token = SessionToken()
        let now = Date(millisecondsSince1970: now.millisecondsSince1970)
        let session = StoredSession(
            id: ObjectId(), owner: owner, tokenHash: token.hash, device: device, createdAt: now, lastUsedAt: now,
            expiresAt: lifetime.expiry(createdAt: now, lastUsedAt: now))
        try await sessions.insertOne(session)
        return (token, session)
    }

    /// The unexpired session of a token: one point read on the unique index.
    func active(_ token: SessionToken, now: Date = .now) async throws -> StoredSession? {
        try await sessions.findOne([Field.tokenHash.rawValue: .string(token.hash), Field.expiresAt.rawValue: ["$gt": .datetime(now)]])
    }

    /// Records a use and extends the session, unless that was done less than
    /// `touchInterval` ago; the filter makes concurrent instances write it once.
    func touch(_ session: StoredSession, now: Date = .now) async throws {
        guard now.timeIntervalSince(session.lastUsedAt) >= lifetime.touchInterval else { return }
        let now = Date(millisecondsSince1970: now.millisecondsSince1970)
        _ = try await sessions.updateOne(
            filter: [Field.id.rawValue: .objectId(session.id), Field.lastUsedAt.rawValue: .datetime(session.lastUsedAt)],
            update: ["$set": [
                Field.lastUsedAt.rawValue: .datetime(now),
                Field.expiresAt.rawValue: .datetime(lifetime.expiry(createdAt: session.createdAt, lastUsedAt: now)),
            ]])
    }

    /// The owner's unexpired sessions, newest first.
    func list(owner: ObjectId, now: Date = .now) async throws -> [StoredSession] {
        try await sessions.find(
            [Field.owner.rawValue: .objectId(owner), Field.expiresAt.rawValue: ["$gt": .datetime(now)]],
            sort: [Field.createdAt.rawValue: -1, Field.id.rawValue: -1])
    }

    /// Ends one of the owner's sessions; 404 when it is someone else's, expired or gone.
    func delete(_ id: ObjectId, owner: ObjectId, now: Date = .now) async throws {
        let deleted = try await sessions.deleteOne([
            Field.id.rawValue: .objectId(id), Field.owner.rawValue: .objectId(owner),
            Field.expiresAt.rawValue: ["$gt": .datetime(now)],
        ])
        guard deleted == 1 else { throw APIError.notFound }
    }

    /// Ends every session of the owner but `kept`, as a password change does.
    func deleteAll(owner: ObjectId, except kept: ObjectId?) async throws {
        var filter: BSONDocument = [Field.owner.rawValue: .objectId(owner)]
        if let kept {
            filter[Field.id.rawValue] = ["$ne": .objectId(kept)]
        }
        _ = try await sessions.deleteMany(filter)
    }

    func deleteAll(owner: ObjectId) async throws {
        try await deleteAll(owner: owner, except: nil)
    }
}
