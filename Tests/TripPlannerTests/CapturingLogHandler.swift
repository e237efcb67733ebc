import Logging

/// The test process's log backend: hands every line to `LogCapture`, and prints warnings and
/// worse to standard error, as swift-log's default backend would at the tests' usual level.
struct CapturingLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    /// Everything by default, so that loggers the tests never configure, libmongoc's among
    /// them, are captured whole.
    var logLevel: Logger.Level = .trace

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let metadata = metadata.merging(event.metadata ?? [:]) { _, event in event }
        LogCapture.receive(
            LogCapture.Line(
                label: label, level: event.level, message: event.message.description, metadata: metadata,
                error: event.error.map { String(reflecting: $0) }))
        if event.level >= .warning {
            var printer = StreamLogHandler.standardError(label: label)
            printer.metadata = metadata
            printer.log(event: event)
        }
    }
}
