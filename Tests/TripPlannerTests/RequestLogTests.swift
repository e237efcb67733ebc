import Hummingbird
import Logging
import XCTest

@testable import TripPlanner

/// One log line per request, naming the route's template, and the request's id on every line
/// logged for it.
final class RequestLogTests: XCTestCase {
    func requestLines(_ lines: [LogCapture.Line]) -> [LogCapture.Line] {
        lines.filter { $0.label == "trip-planner" && $0.message == "request" }
    }

    func testOneLinePerRequestWithTemplateStatusDurationAndId() async throws {
        var arguments = TestArguments()
        arguments.logLevel = .info
        let lines = try await LogCapture.record {
            try await withServer(arguments) { api in
                let account = try await api.signUp()
                let trip = try await api.createTrip(account, name: "Logged")
                _ = try await api.request(.get, trip.path + "?private=query", as: account, headers: [.requestID: "logged-1"])
            }
        }
        let logged = requestLines(lines).filter { $0.metadata["hb.request.id"]?.description == "logged-1" }
        XCTAssertEqual(logged.count, 1, "\(requestLines(lines))")
        let line = try XCTUnwrap(logged.first)
        XCTAssertEqual(line.level, .info)
        XCTAssertEqual(line.metadata["http.method"]?.description, "GET")
        XCTAssertEqual(line.metadata["http.route"]?.description, "/trips/{id}")
        XCTAssertEqual(line.metadata["http.status"]?.description, "200")
        let duration = try XCTUnwrap(line.metadata["duration_ms"].flatMap { Double($0.description) })
        XCTAssertGreaterThanOrEqual(duration, 0)
        XCTAssertEqual(requestLines(lines).count, 3, "sign-up, create, get")
        for line in lines {
            XCTAssertNil(line.metadata["http.route"]?.description.firstMatch(of: /[0-9a-fA-F]{24}/), "a concrete id in \(line)")
            XCTAssertFalse(line.description.contains("private"), "a query string in \(line)")
        }
    }

    func testOtherLinesOfARequestCarryItsId() async throws {
        var arguments = TestArguments()
        arguments.mongoURI = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300"
        let lines = try await LogCapture.record {
            try await withServer(arguments) { api in
                let signUp = """
                    {"username": "\(uniqueUsername())", "password": "correct horse"}
                    """
                assertStatus(try await api.request(.post, "/users", headers: [.requestID: "outage-1"], json: signUp), .serviceUnavailable)
            }
        }
        let warning = try XCTUnwrap(lines.first { $0.message == "database unavailable" }, "\(lines)")
        XCTAssertEqual(warning.metadata["hb.request.id"]?.description, "outage-1")
    }
}
