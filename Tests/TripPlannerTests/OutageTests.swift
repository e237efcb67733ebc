import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// The database goes away and comes back: requests get 503 quickly instead of hanging, the
/// server recovers by itself, and nothing that was answered 2xx is lost.
final class OutageTests: XCTestCase {
    func testOutageGives503AndServiceResumesWithNothingLost() async throws {
        let database = LocalDatabase()
        let uri = try database.start()
        let port = try XCTUnwrap(URLComponents(string: uri)?.port)
        var arguments = TestArguments()
        arguments.mongoURI = uri
        try await withServer(arguments) { api in
            let account = try await api.signUp()
            var written: [String] = []
            for index in 0..<5 {
                written.append(try await api.createTrip(account, name: "before \(index)").id)
            }

            try database.stop()
            let clock = ContinuousClock()
            for (method, path, json) in [
                (HTTPRequest.Method.post, "/trips", #"{"name": "during"}"#), (.get, "/trips/\(written[0])", nil), (.get, "/trips", nil),
            ] {
                let start = clock.now
                let reply = try await api.request(method, path, as: account, json: json)
                assertError(reply, .serviceUnavailable, "database_unavailable")
                XCTAssertLessThan(clock.now - start, .seconds(5), "\(method) \(path) took too long to fail")
            }
            assertStatus(try await api.request(.get, "/health"), .serviceUnavailable)

            _ = try database.start(port: port)
            let deadline = clock.now + .seconds(15)
            while try await api.request(.get, "/health").status != .ok {
                guard clock.now < deadline else { return XCTFail("no recovery within 15 s of the database's return") }
                try await Task.sleep(for: .milliseconds(100))
            }
            for id in written {
                _ = try await api.getTrip(account, id)
            }
            _ = try await api.createTrip(account, name: "after")
        }
    }
}
