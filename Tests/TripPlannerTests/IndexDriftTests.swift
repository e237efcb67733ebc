import Foundation
import Hummingbird
import Mongo
import XCTest

@testable import TripPlanner

/// A database whose indexes drifted from the app's: someone created `username_1` by hand,
/// without `unique`, so the app's own index under that name is refused.
final class IndexDriftTests: XCTestCase {
    func testARefusedIndexIsReportedAndSignUpsWaitUntilItIsResolved() async throws {
        var arguments = TestArguments()
        arguments.database = freshDatabase("indexdrift")
        let client = try MongoClient(MongoConfiguration(uri: arguments.mongoURI))
        let users = client.database(arguments.database).collection("users")
        try await users.createIndexes([MongoIndex(keys: ["username": 1])])

        try await withServer(arguments) { api in
            let unhealthy = try await Self.health(of: api, until: .serviceUnavailable)
            XCTAssertEqual(unhealthy.error?.code, "database_unavailable")
            let reason = unhealthy.error?.message ?? ""
            XCTAssertTrue(reason.contains("username_1"), "the reason names the index: \(reason)")
            let refused = try await api.signUpRequest(uniqueUsername(), "correct horse")
            XCTAssertEqual(refused.status, .serviceUnavailable)
            XCTAssertEqual(refused.error?.code, "database_unavailable")

            // Resolving the conflict (here by dropping the collection with its index) is enough.
            try await users.drop()
            _ = try await Self.health(of: api, until: .ok)
            _ = try await api.signUp()
            let username = uniqueUsername()
            _ = try await api.signUp(username)
            let again = try await api.signUpRequest(username, "correct horse")
            XCTAssertEqual(again.status, .conflict, "the unique index is in place")
        }
        try await client.close()
    }

    /// `/health` once it answers `status`, which `IndexSetup` gets to within a few retries.
    private static func health(of api: API, until status: HTTPResponse.Status) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(15)
        while true {
            let reply = try await api.request(.get, "/health")
            if reply.status == status || ContinuousClock.now > deadline {
                XCTAssertEqual(reply.status, status, reply.text)
                return reply
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
