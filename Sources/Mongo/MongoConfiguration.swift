import NIOCore

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

    /// Two connections per core: one thread per core prepares its next operation while
    /// another waits for the database. Measured with `make bench` on 2 cores against a local
    /// database, 4 connections served GET and POST about 10% faster than 8 or 16, for about
    /// 10% less CPU per request; 2 did as well for them but held PATCH, which makes two round
    /// trips per request, to 80% of the throughput 8 gave. A database a network away answers
    /// more slowly, and more requests in flight pay there: raise `maxPoolSize` in its URI.
    public static var defaultMaxConnections: Int { 2 * System.coreCount }
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
        maxConnections: Int = defaultMaxConnections,
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
