import Foundation
import Mongo
import NIOCore
import NIOPosix
import XCTest

/// A real `trip-planner` process, the executable built next to this test bundle, on a free
/// loopback port: for what only whole processes show, such as several instances on one
/// database or a shutdown on SIGTERM. Its output goes to a log file that failures quote.
final class ServerProcess: Sendable {
    let port: Int
    private let process = Process()
    private let log: URL

    /// Starts the server on the suite's database server and returns once its `/health` answers 200.
    /// `environment` adds to or overrides the variables it is started with.
    init(database: String, bcryptCost: Int = 4, environment: [String: String] = [:]) async throws {
        let executable = try Self.executable()
        port = try await Self.freePort()
        log = FileManager.default.temporaryDirectory.appending(path: "trip-planner-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw ServerProcessError("cannot create \(log.path)")
        }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }

        process.executableURL = executable
        process.environment = ProcessInfo.processInfo.environment.merging([
            "HOST": "127.0.0.1", "PORT": String(port), "MONGODB_URI": TestArguments().mongoURI, "DATABASE": database,
            "BCRYPT_COST": String(bcryptCost), "LOG_LEVEL": "info",
        ].merging(environment) { _, new in new }) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        do {
            try await waitUntilHealthy()
        } catch {
            kill()
            throw error
        }
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: log)
    }

    /// Runs `body` with a client on a connection of its own to this server.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (API) async throws -> T) async throws -> T {
        try await API.withConnection(port: port, body)
    }

    /// Sends SIGTERM, as a deployment stopping the instance would.
    func terminate() {
        process.terminate()
    }

    /// Waits up to `bound` for the process to end; returns how it ended, or nil when it still runs.
    func exit(within bound: Duration) async throws -> (reason: Process.TerminationReason, status: Int32)? {
        let deadline = ContinuousClock.now + bound
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationReason, process.terminationStatus)
    }

    /// The descriptors the process has open now.
    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? -1
    }

    /// Everything the server has written so far.
    var output: String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    /// Ends the process at once, for clean-up after a test, passed or failed.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func waitUntilHealthy() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            guard process.isRunning else {
                throw ServerProcessError("trip-planner exited with status \(process.terminationStatus) while starting:\n\(output)")
            }
            let status = try? await withConnection { try await $0.request(.get, "/health").status }
            if status == .ok {
                return
            }
            guard ContinuousClock.now < deadline else {
                throw ServerProcessError("trip-planner on port \(port) was not healthy within 30 s:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// `trip-planner` in the directory of the running test bundle, where SwiftPM builds
    /// every product of the package.
    static func executable() throws -> URL {
        guard let directory = Bundle.main.executableURL?.deletingLastPathComponent() else {
            throw ServerProcessError("cannot tell where the test bundle is")
        }
        let executable = directory.appending(path: "trip-planner")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ServerProcessError("no trip-planner executable at \(executable.path); build it with `swift build --build-tests`")
        }
        return executable
    }

    /// A port nothing listens on right now: bound and released again.
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        return try XCTUnwrap(port)
    }
}

struct ServerProcessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension XCTestCase {
    /// A database name no other test uses, so that a test's servers see only its own data.
    /// The database is dropped when the test ends, after its servers are killed, so that a
    /// database server that outlives the suite (`MONGODB_URI`) does not collect them.
    func freshDatabase(_ purpose: String) -> String {
        let name = "trip_planner_\(purpose)_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        addTeardownBlock {
            let client = try MongoClient(MongoConfiguration(uri: TestArguments().mongoURI))
            try await client.database(name).drop()
            try await client.close()
        }
        return name
    }

    /// Starts a server that is killed when the test ends, however it ends.
    func startServer(database: String, bcryptCost: Int = 4, environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = try await ServerProcess(database: database, bcryptCost: bcryptCost, environment: environment)
        addTeardownBlock { server.kill() }
        return server
    }
}
