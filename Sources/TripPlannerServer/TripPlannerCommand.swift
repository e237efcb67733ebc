import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import TripPlanner

/// `trip-planner`: options win over environment variables, which win over defaults.
@main
struct TripPlannerCommand: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(commandName: "trip-planner", abstract: "The Trip Planner REST server.")

    @Option(help: "Address to listen on (env HOST).")
    var host = environment["HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on (env PORT).")
    var port = environment["PORT"].flatMap(Int.init) ?? 8080

    @Option(name: .customLong("mongodb-uri"), help: "MongoDB connection string (env MONGODB_URI).")
    var mongoURI = environment["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/"

    @Option(help: "Database name (env DATABASE).")
    var database = environment["DATABASE"] ?? "trip_planner"

    @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    var logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info

    @Option(help: "bcrypt cost for new password hashes, 4 to 31 (env BCRYPT_COST).")
    var bcryptCost = environment["BCRYPT_COST"].flatMap(Int.init) ?? 12

    @Option(
        name: .customLong("web-libraries"),
        help: "Directory holding Debian's libjs-leaflet and libjs-chart.js, for /app/ (env WEB_LIBRARIES).")
    var webLibraries = environment["WEB_LIBRARIES"] ?? "/usr/share/javascript"

    @Option(help: "Seconds a session lasts after its last use (env SESSION_IDLE_SECONDS; default 30 days).")
    var sessionIdleSeconds = environment["SESSION_IDLE_SECONDS"].flatMap(Int.init) ?? 30 * 24 * 3600

    @Option(help: "Seconds a session lasts at most after it was created (env SESSION_MAX_SECONDS; default 365 days).")
    var sessionMaxSeconds = environment["SESSION_MAX_SECONDS"].flatMap(Int.init) ?? 365 * 24 * 3600

    var sessionIdleLifetime: Duration { .seconds(sessionIdleSeconds) }
    var sessionMaxLifetime: Duration { .seconds(sessionMaxSeconds) }

    @Option(help: "Seconds from a request's first byte to the end of its headers (env HEADER_TIMEOUT).")
    var headerTimeout = environment["HEADER_TIMEOUT"].flatMap(Double.init) ?? 30

    @Option(help: "Seconds from a request's headers to the end of its body (env BODY_TIMEOUT).")
    var bodyTimeout = environment["BODY_TIMEOUT"].flatMap(Double.init) ?? 60

    @Option(help: "Seconds an idle connection stays open (env IDLE_TIMEOUT).")
    var idleTimeout = environment["IDLE_TIMEOUT"].flatMap(Double.init) ?? 60

    @Option(help: "Connections open at once (env MAX_CONNECTIONS; default: the descriptor limit less \(ConnectionLimits.reservedDescriptors)).")
    var maxConnections = environment["MAX_CONNECTIONS"].flatMap(Int.init) ?? ConnectionLimits.defaultMaxConnections

    @Option(help: "MiB that request bodies under way may take, over all connections (env UPLOAD_MEMORY).")
    var uploadMemory = environment["UPLOAD_MEMORY"].flatMap(Int.init) ?? 64

    var connectionLimits: ConnectionLimits {
        ConnectionLimits(
            headerTimeout: .seconds(headerTimeout), bodyTimeout: .seconds(bodyTimeout), idleTimeout: .seconds(idleTimeout),
            maxConnections: maxConnections, uploadMemory: uploadMemory << 20)
    }

    func validate() throws {
        // bcrypt defines costs 4 to 31; out of range it would trap rather than throw.
        guard (4...31).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be from 4 to 31.") }
        guard sessionIdleSeconds > 0, sessionMaxSeconds > 0 else {
            throw ValidationError("--session-idle-seconds and --session-max-seconds must be positive.")
        }
        for (name, seconds) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)] {
            guard seconds > 0, seconds <= 86_400 else { throw ValidationError("\(name) must be more than 0 and at most 86400 seconds.") }
        }
        guard uploadMemory >= 1 else { throw ValidationError("--upload-memory must be at least 1 (MiB).") }
        // Past the descriptor limit, accepting fails with EMFILE and NIO retries at once: a busy loop.
        let usable = ConnectionLimits.descriptorLimit - ConnectionLimits.reservedDescriptors
        guard (1...max(1, usable)).contains(maxConnections) else {
            throw ValidationError(
                "--max-connections must be from 1 to \(usable): the descriptor limit (ulimit -n) less \(ConnectionLimits.reservedDescriptors) for the database and files.")
        }
    }

    /// swift-log's and swift-metrics' process-wide systems are set here, once, for what the
    /// application does not hand its logger and factory to: libmongoc's log, and any library's
    /// metrics, then obey `--log-level` and reach `/metrics` too.
    func run() async throws {
        // One event loop fewer than cores: a core's worth of time stays free for the driver's
        // threads, which wake for every database reply, and for a database on the same
        // machine. On 2 cores under `make bench`'s load, that is 6% less server CPU per GET
        // and 13% per PATCH than one loop per core.
        NIOSingletons.groupLoopCountSuggestion = max(1, System.coreCount - 1)
        MallocTuning.returnLargeBuffersWhenFreed()
        MallocTuning.shareOneArena()
        LoggingSystem.bootstrap { [logLevel] label in
            LazyMetadataLogHandler(.standardError(label: label), level: logLevel)
        }
        let metrics = PrometheusMetricsFactory.tripPlanner()
        MetricsSystem.bootstrap(metrics)
        let application = try await buildApplication(self, logger: Logger(label: "trip-planner"), metrics: metrics) { _ in
            StartUpPages.release()
        }
        do {
            try await withTaskExecutorPreference(EventLoopTaskExecutor.singleton) {
                try await application.runService()
            }
        } catch {
            throw AddressInUse.from(error, host: host, port: port)
        }
    }
}

private let environment = ProcessInfo.processInfo.environment

extension Logger.Level: @retroactive ExpressibleByArgument {}
