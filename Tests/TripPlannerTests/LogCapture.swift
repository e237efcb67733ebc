import Logging
import Synchronization

/// The log lines of every logger in the test process, the application's, Hummingbird's and
/// libmongoc's (which the Mongo layer forwards to swift-log), at every level, while `record`
/// runs.
///
/// swift-log's backend is process-wide and can be set only once, so `installBackend` sets
/// `CapturingLogHandler` for the whole test process, once, however many tests ask.
final class LogCapture: Sendable {
    /// One log line as a handler received it, its logger's metadata merged in.
    struct Line: Sendable, CustomStringConvertible {
        let label: String
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
        let error: String?

        /// All of the line's text, to search for what must never be logged.
        var description: String {
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return ([label, level.rawValue, message] + fields + (error.map { [$0] } ?? [])).joined(separator: " ")
        }
    }

    private static let recording = Mutex<[LogCapture]>([])
    private static let backend: Void = LoggingSystem.bootstrap(CapturingLogHandler.init(label:))

    private let lines = Mutex<[Line]>([])

    static func installBackend() {
        backend
    }

    /// The lines logged while `body` runs; tests run one at a time, so they are its lines.
    static func record(_ body: () async throws -> Void) async throws -> [Line] {
        installBackend()
        let capture = LogCapture()
        recording.withLock { $0.append(capture) }
        defer { recording.withLock { $0.removeAll { $0 === capture } } }
        try await body()
        return capture.lines.withLock { $0 }
    }

    static func receive(_ line: Line) {
        for capture in recording.withLock({ $0 }) {
            capture.lines.withLock { $0.append(line) }
        }
    }
}
