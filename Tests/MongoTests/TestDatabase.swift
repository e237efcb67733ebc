import BSON
import Foundation
import Mongo
import XCTest

/// The database the suite talks to over the wire: `make test` starts one and exports its URI.
let testMongoURI = ProcessInfo.processInfo.environment["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/"

/// Runs `body` against a fresh database on a new client, then drops the database and closes
/// the client whether or not `body` threw.
func withTestDatabase(
    maxConnections: Int = 4,
    _ body: (MongoClient, MongoDatabase) async throws -> Void
) async throws {
    let client = try MongoClient(MongoConfiguration(uri: testMongoURI, maxConnections: maxConnections))
    let database = client.database("mongo_tests_\(ObjectId())")
    do {
        try await body(client, database)
    } catch {
        try? await database.drop()
        try? await client.close()
        throw error
    }
    try await database.drop()
    try await client.close()
}

/// Fails instead of hanging when `body` does not finish in time, so a deadlock is a red test.
func withTimeout<Result: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let result = try await group.next()! else {
            throw TimedOut(limit: limit)
        }
        return result
    }
}

struct TimedOut: Error {
    let limit: Duration
}
