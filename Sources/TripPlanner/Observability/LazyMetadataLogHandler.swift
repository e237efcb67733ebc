import Logging

/// A swift-log `StreamLogHandler` that renders its metadata to text only for the messages it
/// writes.
///
/// `StreamLogHandler` renders its metadata whenever a value is set, and every request sets
/// its id on its logger: profiles of `GET /trips/{id}` had that rendering at about 2% of the
/// server's CPU, for messages that at the usual level are never written.
public struct LazyMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    public var metadata: Logger.Metadata = [:]

    /// Writes what `stream` would write, at `level` and above.
    public init(_ stream: StreamLogHandler, level: Logger.Level) {
        self.stream = stream
        self.stream.logLevel = level
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var stream = stream
        stream.metadata = metadata
        stream.log(event: event)
    }
}
