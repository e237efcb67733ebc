import Foundation

/// A database of a test's own, through `scripts/mongo-local`, that the test can stop and start
/// again on the same port and data, as a restart or failover would.
final class LocalDatabase: Sendable {
    private let state = FileManager.default.temporaryDirectory.appending(path: "outage-\(UUID().uuidString)")
    private let dbpath = FileManager.default.temporaryDirectory.appending(path: "outage-db-\(UUID().uuidString)")
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "scripts/mongo-local")

    /// Starts the database, on `port` when given, and returns its URI.
    func start(port: Int? = nil) throws -> String {
        try run(["start", "--dbpath", dbpath.path] + (port.map { ["--port", String($0)] } ?? []))
        let uri = try String(contentsOf: state.appending(path: "uri"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard uri.hasPrefix("mongodb://") else { throw LocalDatabaseError(arguments: ["start"]) }
        return uri
    }

    /// Stops it cleanly (SIGTERM, so it writes its data out first).
    func stop() throws {
        try run(["stop"])
    }

    deinit {
        try? run(["stop"])
        try? FileManager.default.removeItem(at: dbpath)
        try? FileManager.default.removeItem(at: state)
    }

    /// Its messages go to the test log; `start` leaves the URI in the state directory.
    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = Self.script
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // mongo-local would otherwise hand back the suite's shared database instead of starting one.
        environment["MONGODB_URI"] = nil
        environment["MONGO_LOCAL_STATE"] = state.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LocalDatabaseError(arguments: arguments) }
    }
}

struct LocalDatabaseError: Error {
    let arguments: [String]
}
