import Hummingbird
import HummingbirdAuth

/// HTTP Basic authentication for protected routes: the identity on success, otherwise one and
/// the same 401 whatever went wrong, so a response never tells whether a username exists.
///
/// hummingbird-auth's `BasicAuthenticator` does not fit the contract as it stands: it decodes
/// credentials lossily (invalid UTF-8 becomes U+FFFD) and skips bcrypt for unknown users,
/// which makes them answer faster. Its password verifier and context protocol are used here.
struct BasicAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let users: UserStore
    let passwords: PasswordHasher
    let cache: CredentialCache
    let throttle: LoginThrottle

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let credentials = BasicCredentials(authorization: request.headers[.authorization]) else {
            throw APIError.unauthorized
        }
        // Before the cache: during a lockout even remembered, correct credentials are refused.
        if let remaining = throttle.lockout(of: credentials.username) {
            throw APIError.tooManyAttempts(retryAfter: remaining)
        }
        var context = context
        do {
            context.identity = try await cache.user(for: credentials) { [users, passwords] in
                let account = try await users.account(named: credentials.username)
                guard try await passwords.verify(credentials.password, against: account?.passwordHash), let account else {
                    throw APIError.unauthorized
                }
                return account.user
            }
        } catch let error as APIError where error.status == .unauthorized {
            // Every refused request counts, also those that shared one verification.
            throttle.recordFailure(of: credentials.username)
            throw error
        }
        return try await next(request, context)
    }
}
