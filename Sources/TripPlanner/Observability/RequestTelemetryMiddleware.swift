import Hummingbird
import Logging

/// Gives every request an id, echoed in `X-Request-Id`, and on the way out logs one line for it
/// and records its metrics.
///
/// Added to the router first, it wraps every route and the not-found responder, outside
/// `ErrorMiddleware`. It renders errors into responses itself, as the router would just after
/// it, so that error responses carry the header and are logged with their status too.
///
/// The line names the route's template, never the path as sent: ids in paths and query strings
/// (which may carry cursors or anything a client puts there) stay out of the logs, and metric
/// labels stay few.
struct RequestTelemetryMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The route of requests no route matched; Hummingbird's not-found responder names it so.
    static var unmatchedRoute: String { "NotFound" }
    /// Longer ids are replaced: they would bloat every log line of the request.
    static var maxRequestIDLength: Int { 128 }

    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        // Hummingbird has already generated an id under this key; a client's sane id replaces it,
        // so that its logs and ours can be matched.
        let id: String
        if let sent = request.headers.combinedValue(.requestID), Self.isSane(sent) {
            id = sent
            context.logger[metadataKey: "hb.request.id"] = .string(id)
        } else {
            id = context.id
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        // Measured to the response's head: bodies here are small buffers, and wrapping the
        // body to time its writing would cost the server its single-write fast path.
        let duration = ContinuousClock.now - start
        let route = context.endpointPath ?? Self.unmatchedRoute
        metrics.record(route: route, method: request.method, status: response.status, duration: duration)
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.route": .string(route),
                "http.status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(Self.milliseconds(duration)),
            ])
        response.headers[.requestID] = id
        return response
    }

    /// 1 to `maxRequestIDLength` token characters (RFC 9110's `tchar`): nothing that could break
    /// a log line or a header.
    private static func isSane(_ id: String) -> Bool {
        (1...maxRequestIDLength).contains(id.utf8.count) && id.utf8.allSatisfy(isTokenCharacter)
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// To the microsecond, which is as fine as a request's timing means anything.
    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds * 1_000_000 + attoseconds / 1_000_000_000_000) / 1000
    }
}
