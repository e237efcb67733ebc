import Foundation
import Synchronization
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
            // Clients keep writing through the outage, each on a connection of its own; every
            // trip answered 201 must survive it.
            let stop = StopSignal()
            let writers = (0..<3).map { writer in
                Task {
                    try await api.withConnection { connection in
                        var acknowledged: [String] = []
                        var index = 0
                        while !stop.isRaised {
                            let reply = try await connection.request(.post, "/trips", as: account, json: #"{"name": "w\#(writer)-\#(index)"}"#)
                            if reply.status == .created {
                                acknowledged.append(try reply.decode(TripBody.self)._id)
                            } else {
                                assertError(reply, .serviceUnavailable, "database_unavailable")
                            }
                            index += 1
                        }
                        return acknowledged
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(300))

            try database.stop()
            let clock = ContinuousClock()
            for (method, path, json) in [
                (HTTPRequest.Method.post, "/trips", #"{"name": "during"}"#), (.get, "/trips", nil),
            ] {
                let start = clock.now
                let reply = try await api.request(method, path, as: account, json: json)
                assertError(reply, .serviceUnavailable, "database_unavailable")
                XCTAssertLessThan(clock.now - start, .seconds(5), "\(method) \(path) took too long to fail")
            }
            assertStatus(try await api.request(.get, "/health"), .serviceUnavailable)

            _ = try database.start(port: port)
            let restarted = clock.now
            while try await api.request(.get, "/health").status != .ok {
                guard clock.now - restarted < .seconds(15) else { return XCTFail("no recovery within 15 s of the database's return") }
                try await Task.sleep(for: .milliseconds(50))
            }
            let recovery = clock.now - restarted
            try await Task.sleep(for: .milliseconds(300))
            stop.raise()
            var acknowledged: [String] = []
            for writer in writers {
                acknowledged += try await writer.value
            }
            XCTAssertGreaterThan(acknowledged.count, 3, "the writers were answered 201 before and after the outage")
            print("OutageTests: healthy \(recovery) after the database's restart; \(acknowledged.count) trips answered 201, all read back")
            for id in acknowledged {
                _ = try await api.getTrip(account, id)
            }
        }
    }
}

/// Raised once, to end loops running in other tasks after the request they have under way.
private final class StopSignal: Sendable {
    private let raised = Atomic(false)

    var isRaised: Bool { raised.load(ordering: .acquiring) }

    func raise() {
        raised.store(true, ordering: .releasing)
    }
}
