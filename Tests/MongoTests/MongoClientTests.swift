import BSON
import Foundation
import Mongo
import XCTest

final class MongoClientTests: XCTestCase {
    func testPingAnswers() async throws {
        try await withTestDatabase { client, _ in
            try await client.ping()
        }
    }

    /// Far more concurrent operations than connections: they queue for a connection instead of
    /// deadlocking, and every one of them takes effect.
    func testManyMoreTasksThanConnectionsFinish() async throws {
        try await withTestDatabase(maxConnections: 4) { _, database in
            let collection = database.collection("concurrent")
            let operations = 200
            try await withTimeout(.seconds(60)) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for value in 0..<operations {
                        group.addTask {
                            try await collection.insertOne(["_id": .int32(Int32(value))])
                            let found = try await collection.findOne(["_id": .int32(Int32(value))])
                            XCTAssertNotNil(found)
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let count = try await collection.countDocuments()
            XCTAssertEqual(count, operations)
        }
    }

    /// Every session is used once (libmongoc pools only used ones) and ended; the deployment
    /// accepts their ids, and the connections serve as before.
    func testSessionsArePreparedForEveryConnection() async throws {
        try await withTestDatabase(maxConnections: 3) { client, database in
            try await client.prepareSessions()
            let collection = database.collection("after_sessions")
            try await collection.insertOne(["_id": 1])
            let found = try await collection.findOne(["_id": 1])
            XCTAssertEqual(found?["_id"], 1)
        }
    }

    func testPreparingSessionsWithoutADatabaseIsUnavailable() async throws {
        let client = try MongoClient(
            MongoConfiguration(uri: "mongodb://127.0.0.1:9/", maxConnections: 2, serverSelectionTimeout: .milliseconds(300)))
        do {
            try await client.prepareSessions()
            XCTFail("sessions were prepared without a database")
        } catch MongoError.unavailable {}
        try await client.close()
    }

    /// Nothing listens on the port: the typed error arrives once server selection gives up,
    /// not after a hang.
    func testUnreachableDatabaseIsUnavailableWithinTheTimeout() async throws {
        let timeout = Duration.milliseconds(500)
        let client = try MongoClient(
            MongoConfiguration(uri: "mongodb://127.0.0.1:9/", maxConnections: 2, serverSelectionTimeout: timeout))
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await client.ping()
            XCTFail("a ping to a closed port succeeded")
        } catch MongoError.unavailable(let message) {
            XCTAssertFalse(message.isEmpty)
        }
        let elapsed = clock.now - start
        XCTAssertLessThan(elapsed, timeout + .seconds(2), "took \(elapsed)")
        try await client.close()
    }

    func testMalformedURIIsRejected() {
        XCTAssertThrowsError(try MongoClient(MongoConfiguration(uri: "postgres://nope"))) { error in
            guard case MongoError.invalidURI = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testOperationsAfterCloseAreUnavailable() async throws {
        let client = try MongoClient(MongoConfiguration(uri: testMongoURI, maxConnections: 1))
        try await client.close()
        try await client.close()
        do {
            try await client.ping()
            XCTFail("a closed client pinged")
        } catch MongoError.unavailable {}
    }
}
