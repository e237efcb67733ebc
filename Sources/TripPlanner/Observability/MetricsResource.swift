import Hummingbird
import Prometheus

/// `GET /metrics`: every metric of the registry in Prometheus's text format, for a scraper.
/// Without credentials, like `/health`: scrapers reach it from inside the deployment.
struct MetricsResource: Resource {
    let registry: PrometheusCollectorRegistry

    var routes: [Route] {
        [Route(.get, "/metrics", authenticated: false, metrics)]
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
