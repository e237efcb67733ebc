#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// What one client may cost the server below the HTTP contract: how long it may take to send
/// a request, how long an idle connection stays open, how many connections there are at once
/// and how much memory unfinished request bodies hold together.
///
/// The defaults are of the order mature servers use (nginx allows 60 s for headers and between
/// body reads, Apache 20–40 s for headers), so a slow mobile network is never cut off while a
/// client that stalls on purpose is.
public struct ConnectionLimits: Sendable {
    /// From the first byte of a request to the end of its headers; then 408.
    public var headerTimeout: Duration
    /// From the end of a request's headers to the end of its body; then 408. At the contract's
    /// 1 MiB limit the default asks for about 17 KB/s.
    public var bodyTimeout: Duration
    /// A connection with no request under way, before its first or after its last, is closed
    /// after this long.
    public var idleTimeout: Duration
    /// Connections open at once; further ones wait in the listen backlog, not accepted, until
    /// one closes. Below the descriptor limit, so that accepting never fails with EMFILE.
    public var maxConnections: Int
    /// Bytes that request bodies under way may take, over all connections: each reserves its
    /// length when its headers arrive; one that does not fit is refused with 503.
    public var uploadMemory: Int

    /// After the server has answered and decided to close, it waits this long at most for the
    /// client's end of the connection while discarding what the client still sends, so that
    /// the client reads the answer instead of a reset...
    static let lingerTime = Duration.seconds(2)
    /// ...and reads at most this much of it: a client that keeps sending gets a reset.
    static let lingerBytes = 1 << 20

    public init(
        headerTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(60),
        maxConnections: Int = Self.defaultMaxConnections, uploadMemory: Int = 64 << 20
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.uploadMemory = uploadMemory
    }

    /// Descriptors kept for everything but clients: the listening socket, the database pool
    /// (two connections per core by default), its wake-up pipes, standard streams and files.
    public static let reservedDescriptors = 128

    /// The process's descriptor limit less `reservedDescriptors`, and at most 10,000.
    public static var defaultMaxConnections: Int {
        min(10_000, max(1, descriptorLimit - reservedDescriptors))
    }

    /// The soft `RLIMIT_NOFILE` of this process.
    public static var descriptorLimit: Int {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }
}
