import BSON
import CMongoc

/// One database of a deployment. Cheap to create: it is a name and the client's pool.
public struct MongoDatabase: Sendable {
    public let name: String
    let client: MongoClient

    public func collection<Document: Codable & Sendable>(
        _ name: String, of type: Document.Type = BSONDocument.self
    ) -> MongoCollection<Document> {
        MongoCollection(name: name, database: self)
    }

    /// Drops the database and everything in it.
    public func drop() async throws {
        try await client.runCommand(["dropDatabase": 1], database: name, operation: .dropDatabase)
    }
}
