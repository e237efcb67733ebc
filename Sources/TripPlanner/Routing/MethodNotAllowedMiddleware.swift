import Hummingbird

/// Answers 405 with `Allow` when a request names a known path with a method it lacks.
///
/// The router sends such a request to its not-found responder. Added to the router after
/// every route, this middleware wraps that responder alone (Hummingbird binds middleware to
/// the routes registered after it), so it runs before any route's credentials are checked.
/// It names the path's template as the request's endpoint, for its log line and metrics.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    private let paths: [(template: String, segments: [Substring], methods: [HTTPRequest.Method])]

    init(routes: [Route]) {
        // A fixed segment wins over a parameter, as in the router: `/trips/stats` before `/trips/{id}`.
        paths = Dictionary(grouping: routes, by: \.path)
            .map { path, routes in (path, Self.segments(path), routes.map(\.method)) }
            .sorted { $0.segments.filter { $0.hasPrefix("{") }.count < $1.segments.filter { $0.hasPrefix("{") }.count }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = Self.segments(request.uri.path)
            guard let known = paths.first(where: { Self.matches(segments, $0.segments) }) else { throw error }
            context.coreContext.endpointPath.value = known.template
            throw APIError.methodNotAllowed(allowed: known.methods)
        }
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/")
    }

    private static func matches(_ segments: [Substring], _ template: [Substring]) -> Bool {
        segments.count == template.count
            && zip(segments, template).allSatisfy { segment, pattern in pattern.hasPrefix("{") || segment == pattern }
    }
}
