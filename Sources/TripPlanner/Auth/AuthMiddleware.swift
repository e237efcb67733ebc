import Hummingbird

/// Authentication for protected routes: the `Authorization` header parsed into a
/// `Credential` of a kind the route accepts, verified by the `Authenticator`, and the
/// identity (and for a token, its session) put into the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let authenticator: Authenticator
    let accepted: Set<Credential.Kind>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let credential = Credential(request.headers), accepted.contains(credential.kind) else {
            throw APIError.unauthorized
        }
        let verified = try await authenticator.verify(credential)
        var context = context
        context.identity = verified.user
        context.session = verified.session
        return try await next(request, context)
    }
}
