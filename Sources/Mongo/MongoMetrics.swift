import Metrics

/// A client's metrics: how long each kind of operation takes, and how much of the connection
/// pool is in use. Every instrument is made up front, so an operation only records.
struct MongoMetrics: Sendable {
    private struct Durations: Sendable {
        let succeeded: Timer
        let failed: Timer
    }

    private let durations: [MongoOperation: Durations]
    /// Connections handed out to running operations; at the pool's size, further operations queue.
    let connectionsInUse: Meter

    init(factory: any MetricsFactory, poolSize: Int) {
        func timer(_ operation: MongoOperation, _ outcome: String) -> Timer {
            Timer(
                label: "mongodb_operation_duration_seconds",
                dimensions: [("operation", operation.rawValue), ("outcome", outcome)],
                factory: factory)
        }
        durations = Dictionary(uniqueKeysWithValues: MongoOperation.allCases.map { operation in
            (operation, Durations(succeeded: timer(operation, "success"), failed: timer(operation, "error")))
        })
        connectionsInUse = Meter(label: "mongodb_pool_connections_in_use", factory: factory)
        Gauge(label: "mongodb_pool_connections_max", factory: factory).record(poolSize)
    }

    func record(_ operation: MongoOperation, _ duration: Duration, succeeded: Bool) {
        let durations = durations[operation]!
        (succeeded ? durations.succeeded : durations.failed).record(duration: duration)
    }
}
