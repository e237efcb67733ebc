import Hummingbird
import Metrics
import Synchronization

/// Requests served and their durations, per route template, method and status.
///
/// Each combination's instruments are made on its first request and kept: making one takes
/// the registry's lock and a search by labels, which no request should pay for twice.
final class HTTPMetrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Instruments {
        let requests: Counter
        let duration: Metrics.Timer
    }

    /// Methods outside this set are counted as `other`: a client can send any token as a
    /// method, and each distinct label value would be a series kept for good.
    private static let knownMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]

    private let factory: any MetricsFactory
    private let instruments = Mutex<[Key: Instruments]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func record(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, duration: Duration) {
        let key = Key(route: route, method: Self.knownMethods.contains(method) ? method.rawValue : "other", status: status.code)
        let instruments = instruments.withLock { cache in
            if let known = cache[key] { return known }
            let made = make(key)
            cache[key] = made
            return made
        }
        instruments.requests.increment()
        instruments.duration.record(duration: duration)
    }

    private func make(_ key: Key) -> Instruments {
        let dimensions = [("method", key.method), ("route", key.route), ("status", String(key.status))]
        return Instruments(
            requests: Counter(label: "http_requests_total", dimensions: dimensions, factory: factory),
            duration: Metrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, factory: factory))
    }
}
