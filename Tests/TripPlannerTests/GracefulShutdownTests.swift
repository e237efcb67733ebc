import Foundation
import Hummingbird
import XCTest

/// SIGTERM, as a deployment stops or replaces an instance: requests under way are answered
/// as usual and their data is kept, and the process exits with status 0.
final class GracefulShutdownTests: XCTestCase {
    func testSigtermLetsRequestsInFlightFinishThenExitsCleanly() async throws {
        let database = freshDatabase("shutdown")
        // At cost 12 each sign-up hashes for a noticeable while, and the server hashes on as
        // many threads as there are cores, so most of these wait their turn on the server.
        let server = try await startServer(database: database, bcryptCost: 12)
        let signUps = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
        let clock = ContinuousClock()
        let (progress, report) = AsyncStream.makeStream(of: Progress.self)

        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for _ in 0..<signUps {
                group.addTask {
                    let username = uniqueUsername("shutdown")
                    let reply = try await server.withConnection { api in
                        report.yield(.connected)
                        return try await api.signUpRequest(username, "correct horse")
                    }
                    report.yield(.answered)
                    return .answered(username: username, reply: reply, at: clock.now)
                }
            }
            // Signalled once every sign-up has its connection and the server has answered one of
            // them: it has read the others by then.
            group.addTask {
                var connected = 0
                for await event in progress {
                    if event == .connected {
                        connected += 1
                    } else if connected == signUps {
                        break
                    }
                }
                server.terminate()
                let signalled = clock.now
                let ending = try await server.exit(within: .seconds(30))
                XCTAssertEqual(ending?.reason, .exit, "the server did not exit within 30 s of SIGTERM:\n\(server.output)")
                XCTAssertEqual(ending?.status, 0, server.output)
                return .signalled(at: signalled)
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        report.finish()

        let signal = try XCTUnwrap(outcomes.lazy.compactMap(\.signalledAt).first)
        let results = outcomes.compactMap(\.answer)
        XCTAssertTrue(results.contains { $0.at > signal }, "every sign-up was answered before SIGTERM; nothing was in flight")
        for result in results {
            try assertUser(result.reply, .created, username: result.username)
        }

        let restarted = try await startServer(database: database, bcryptCost: 12)
        for result in results {
            let reply = try await restarted.withConnection { try await $0.raw(.get, "/users", auth: basic(result.username, "correct horse")) }
            try assertUser(reply, .ok, username: result.username)
        }
    }

    private enum Progress {
        case connected
        case answered
    }

    private enum Outcome: Sendable {
        case answered(username: String, reply: Reply, at: ContinuousClock.Instant)
        case signalled(at: ContinuousClock.Instant)

        var answer: (username: String, reply: Reply, at: ContinuousClock.Instant)? {
            guard case .answered(let username, let reply, let at) = self else { return nil }
            return (username, reply, at)
        }

        var signalledAt: ContinuousClock.Instant? {
            guard case .signalled(let at) = self else { return nil }
            return at
        }
    }
}
