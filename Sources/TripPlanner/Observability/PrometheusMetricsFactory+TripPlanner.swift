import Prometheus

extension PrometheusMetricsFactory {
    /// A factory over a registry of its own, with histogram buckets from half a millisecond:
    /// the library's default buckets start at 5 ms, which most requests and database
    /// operations of this server take less than.
    public static func tripPlanner() -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        return factory
    }
}
