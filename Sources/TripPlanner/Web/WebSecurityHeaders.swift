import HTTPTypes
import Hummingbird

/// The headers every response under `/app` carries, errors of any method included: scripts
/// only from this server and never inline, map tiles the only outside source, no framing, no
/// sniffing, and no Referer that could carry a trip's address elsewhere.
struct WebSecurityHeaders: RouterMiddleware {
    typealias Context = AppRequestContext

    static let tileServer = "https://tile.openstreetmap.org"

    static let headers: HTTPFields = [
        .contentSecurityPolicy: [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' \(tileServer)",
            "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
        ].joined(separator: "; "),
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
        .xFrameOptions: "DENY",
        .crossOriginOpenerPolicy: "same-origin",
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == "/app" || path.hasPrefix("/app/") else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers.append(contentsOf: Self.headers)
        return response
    }
}

extension HTTPField.Name {
    fileprivate static let referrerPolicy = Self("Referrer-Policy")!
    fileprivate static let xFrameOptions = Self("X-Frame-Options")!
    fileprivate static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}
