/// How a `MongoClient` connects.
///
/// The timeouts are defaults for what the connection string leaves unset: an operator tunes a
/// deployment through its URI, and the URI wins.
public struct MongoConfiguration: Sendable {
    /// A `mongodb://` connection string.
    public var uri: String
    /// Connections in the pool, and so threads that run blocking driver calls; the URI's
    /// `maxPoolSize`, when it has one, takes precedence.
    public var maxConnections: Int
    /// How long an operation waits for a usable server before failing as unavailable.
    public var serverSelectionTimeout: Duration
    /// How long opening a connection may take.
    public var connectTimeout: Duration
    /// How long a send or receive on an open connection may block.
    public var socketTimeout: Duration

    /// The defaults bound a lost database to an error within about five seconds: selection,
    /// or an operation on a connection that went silent, fails well inside that.
    public init(
        uri: String,
        maxConnections: Int = 8,
        serverSelectionTimeout: Duration = .seconds(2),
        connectTimeout: Duration = .seconds(2),
        socketTimeout: Duration = .seconds(3)
    ) {
        self.uri = uri
        self.maxConnections = maxConnections
        self.serverSelectionTimeout = serverSelectionTimeout
        self.connectTimeout = connectTimeout
        self.socketTimeout = socketTimeout
    }
}
