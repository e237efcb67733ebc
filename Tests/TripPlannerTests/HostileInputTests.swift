import Hummingbird
import HummingbirdTesting
import XCTest

/// What a hostile client might send gets a clean 4xx in the contract's shape: never a 5xx,
/// a hang, or a value that reaches a query as an operator.
final class HostileInputTests: XCTestCase {
    func testMalformedJSONIsInvalidJSON() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let bodies: [(String, [UInt8])] = [
                ("deep nesting", Array(String(repeating: "[", count: 100_000).utf8) + Array(String(repeating: "]", count: 100_000).utf8)),
                ("a number beyond Double", Array(#"{"name": "x", "waypoints": [{"name": "a", "latitude": 1e400, "longitude": 0}]}"#.utf8)),
                ("NaN", Array(#"{"name": "x", "waypoints": [{"name": "a", "latitude": NaN, "longitude": 0}]}"#.utf8)),
                ("Infinity", Array(#"{"name": "x", "waypoints": [{"name": "a", "latitude": Infinity, "longitude": 0}]}"#.utf8)),
                ("invalid UTF-8", Array(#"{"name": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)),
                ("a lone surrogate", Array(#"{"name": "\ud800"}"#.utf8)),
            ]
            for (label, bytes) in bodies {
                let reply = try await api.raw(
                    .post, "/trips", auth: account.authorization, headers: [.contentType: "application/json"],
                    body: ByteBuffer(bytes: bytes))
                assertError(reply, .badRequest, "invalid_json")
                XCTAssertEqual(reply.status, .badRequest, label)
            }
        }
    }

    func testOperatorShapedValuesAreValidationErrorsNotQueries() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "target")
            assertValidationError(try await api.request(.post, "/trips", as: account, json: #"{"name": {"$gt": ""}}"#), ["name"])
            assertValidationError(
                try await api.request(.patch, trip.path, as: account, json: #"{"$set": {"owner": "x"}, "a.b": 1}"#), ["$set", "a.b"])
            assertValidationError(
                try await api.request(.post, "/users", json: #"{"username": {"$ne": ""}, "password": "long enough"}"#), ["username"])
            let unchanged = try await api.getTrip(account, trip.id)
            XCTAssertEqual(unchanged.body, trip.body)
        }
    }

    func testOversizedOrMalformedAuthorizationIs401() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            for header in [
                "Basic " + String(repeating: "A", count: 16_000),
                basic(account.username, String(repeating: "p", count: 8_000)),
                "Basic %%%",
                "Basic",
                "Bearer " + String(repeating: "x", count: 100),
                String(repeating: "B", count: 8_000),
            ] {
                assertUnauthorized(try await api.raw(.get, "/trips", auth: header))
            }
        }
    }

    func testLongPathsAndQueriesAreRejectedCleanly() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let longID = String(repeating: "a", count: 10_000)
            assertError(try await api.raw(.get, "/trips/\(longID)", auth: account.authorization), .badRequest, "invalid_id")
            assertError(
                try await api.raw(.get, "/trips?cursor=\(longID)", auth: account.authorization), .badRequest, "invalid_query")
            assertError(try await api.raw(.get, "/\(longID)"), .notFound, "not_found")
        }
    }
}
