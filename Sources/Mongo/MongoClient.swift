import BSON
import CMongoc
import Metrics
import NIOPosix
import Synchronization

/// A pool of connections to one MongoDB deployment.
///
/// libmongoc blocks its calling thread for every round trip, so no driver call runs on an
/// event loop or on Swift's cooperative pool: each one runs on a thread of this client's own
/// thread pool, which has exactly one thread per pooled connection.
public final class MongoClient: Sendable {
    private let pool: ClientPool
    private let threads: NIOThreadPool
    private let metrics: MongoMetrics
    private let closed = Mutex(false)

    /// `metrics` receives operation durations and the connection pool's use.
    public init(_ configuration: MongoConfiguration, metrics: any MetricsFactory = NOOPMetricsHandler.instance) throws {
        precondition(configuration.maxConnections > 0, "a MongoClient needs at least one connection")
        Self.initializeDriver
        pool = try ClientPool(configuration)
        self.metrics = MongoMetrics(factory: metrics, poolSize: pool.size)
        threads = NIOThreadPool(numberOfThreads: pool.size)
        BatchScheduling.inherited(by: threads.start)
    }

    public func database(_ name: String) -> MongoDatabase {
        MongoDatabase(name: name, client: self)
    }

    /// Succeeds when the deployment answers a `ping`.
    public func ping() async throws {
        try await runCommand(["ping": 1], database: "admin", operation: .ping)
    }

    /// Starts as many sessions at once as there are connections, and ends them: libmongoc's
    /// pool of server sessions then holds one for every operation that can run at a time, and
    /// none is made while serving. Making one draws its id from OpenSSL's random generator,
    /// which mapped 1.2 MiB of libcrypto back in once start-up pages had been dropped (a
    /// fifteenth of the server's memory under load).
    public func prepareSessions() async throws {
        try await withConnection(.startSession) { [size = pool.size] client in
            var sessions: [OpaquePointer] = []
            defer { sessions.forEach(mongoc_client_session_destroy) }
            for _ in 0..<size {
                var error = bson_error_t()
                guard let session = mongoc_client_start_session(client, nil, &error) else { throw MongoError(error) }
                sessions.append(session)
                // Ended unused, a session would be dropped rather than pooled.
                try Self.ping(client, in: session)
            }
        }
    }

    private static func ping(_ client: OpaquePointer, in session: OpaquePointer) throws {
        let command: BSONDocument = ["ping": 1]
        try command.withLibbson { command in
            try LibbsonStorage.withBSON { options in
                bson_init(options)
                defer { bson_destroy(options) }
                try LibbsonStorage.withReply { reply in
                    var error = bson_error_t()
                    guard mongoc_client_session_append(session, options, &error),
                        mongoc_client_command_with_opts(client, "admin", command, nil, options, reply, &error)
                    else { throw MongoError(error) }
                }
            }
        }
    }

    /// Waits for operations under way, then closes every connection. Operations still queued
    /// fail as unavailable. Calling it again does nothing.
    public func close() async throws {
        guard closed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        try await threads.shutdownGracefully()
        pool.destroy()
    }

    @discardableResult
    func runCommand(_ command: BSONDocument, database: String, operation: MongoOperation) async throws -> BSONDocument {
        try await withConnection(operation) { client in
            try command.withLibbson { command in
                try LibbsonStorage.withReply { reply in
                    var error = bson_error_t()
                    guard mongoc_client_command_simple(client, database, command, nil, reply, &error) else {
                        throw MongoError(error)
                    }
                    return try BSONDocument(libbson: reply)
                }
            }
        }
    }

    /// Runs `body` on a pool thread with a connection that only that thread uses meanwhile.
    ///
    /// The pool never needs to block for a connection: there are as many threads as
    /// connections, and each thread returns its connection before it takes other work, so
    /// more operations than connections simply queue for a thread instead of deadlocking
    /// threads that wait on one another.
    ///
    /// The operation's recorded duration includes that queueing: it is what the caller waits.
    func withConnection<Result: Sendable>(
        _ operation: MongoOperation, _ body: @escaping @Sendable (_ client: OpaquePointer) throws -> Result
    ) async throws -> Result {
        guard !isClosed else { throw Self.closedError }
        let start = ContinuousClock.now
        var succeeded = false
        defer { metrics.record(operation, .now - start, succeeded: succeeded) }
        do {
            let result = try await threads.runIfActive { [pool, metrics] in
                let client = pool.pop()
                metrics.connectionsInUse.increment()
                defer {
                    metrics.connectionsInUse.decrement()
                    pool.push(client)
                }
                return try body(client)
            }
            succeeded = true
            return result
        } catch is CancellationError where isClosed {
            // The thread pool cancels work still queued when `close` shuts it down.
            throw Self.closedError
        }
    }

    private var isClosed: Bool { closed.withLock { $0 } }

    private static var closedError: MongoError { .unavailable("the MongoDB client is closed") }

    /// `mongoc_init` must run once per process before any other driver call. There is no
    /// matching `mongoc_cleanup`: it is only valid once every pool is gone, which a server
    /// never knows, and the process's exit frees the same memory.
    private static let initializeDriver: Void = {
        mongoc_init()
        DriverLog.install()
    }()
}

/// The `mongoc_client_pool_t`, which libmongoc documents as safe to share between threads;
/// the clients it hands out are not, and never leave the thread that popped them.
private final class ClientPool: @unchecked Sendable {
    private let pool: OpaquePointer
    /// How many clients it hands out at most.
    let size: Int

    init(_ configuration: MongoConfiguration) throws {
        var error = bson_error_t()
        guard let uri = mongoc_uri_new_with_error(configuration.uri, &error) else {
            throw MongoError.invalidURI(MongoError.message(of: error))
        }
        defer { mongoc_uri_destroy(uri) }
        for (option, duration) in [
            (MONGOC_URI_SERVERSELECTIONTIMEOUTMS, configuration.serverSelectionTimeout),
            (MONGOC_URI_CONNECTTIMEOUTMS, configuration.connectTimeout),
            (MONGOC_URI_SOCKETTIMEOUTMS, configuration.socketTimeout),
        ] where !mongoc_uri_has_option(uri, option) {
            mongoc_uri_set_option_as_int32(uri, option, Int32((duration / .milliseconds(1)).rounded()))
        }
        guard let pool = mongoc_client_pool_new_with_error(uri, &error) else {
            throw MongoError.invalidURI(MongoError.message(of: error))
        }
        // 0, "unlimited" in a URI, cannot size a thread pool.
        let sizeFromURI = Int(mongoc_uri_get_option_as_int32(uri, MONGOC_URI_MAXPOOLSIZE, 0))
        size = sizeFromURI > 0 ? sizeFromURI : configuration.maxConnections
        mongoc_client_pool_max_size(pool, UInt32(size))
        // Version 2 reports server errors in their own domain, which MongoError sorts by.
        mongoc_client_pool_set_error_api(pool, 2)
        self.pool = pool
    }

    /// `try_pop` cannot come back empty while the thread-per-connection invariant holds; the
    /// blocking pop is only the safe answer if it ever did.
    func pop() -> OpaquePointer {
        mongoc_client_pool_try_pop(pool) ?? mongoc_client_pool_pop(pool)
    }

    func push(_ client: OpaquePointer) {
        mongoc_client_pool_push(pool, client)
    }

    func destroy() {
        mongoc_client_pool_destroy(pool)
    }
}
