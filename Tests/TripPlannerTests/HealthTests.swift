import Hummingbird
import HummingbirdTesting
import TripPlannerModels
import XCTest

@testable import TripPlanner

final class HealthTests: XCTestCase {
    func testHealthIsOkWhileTheDatabaseAnswers() async throws {
        let application = try await buildTestApplication()
        try await application.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                let body = try JSONDecoder().decode(HealthStatus.self, from: response.body)
                XCTAssertEqual(body, HealthStatus(status: "ok", error: nil))
            }
        }
    }

    func testHealthIsUnavailableWithoutADatabase() async throws {
        var arguments = TestArguments()
        arguments.mongoURI = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300"
        let application = try await buildTestApplication(arguments)
        try await application.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                XCTAssertEqual(response.status, .serviceUnavailable)
                let body = try JSONDecoder().decode(HealthStatus.self, from: response.body)
                XCTAssertEqual(body.status, "unavailable")
                XCTAssertEqual(body.error?.code, .databaseUnavailable)
            }
        }
    }
}
