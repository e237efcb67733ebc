import BSON
import Metrics

/// The one authentication path of protected routes, for both kinds of credential: a
/// verified identity, or one and the same 401 whatever went wrong, so a response never tells
/// whether a username exists or a token ever did.
///
/// hummingbird-auth's `BasicAuthenticator` does not fit the contract as it stands: it decodes
/// credentials lossily (invalid UTF-8 becomes U+FFFD) and skips bcrypt for unknown users,
/// which makes them answer faster. Its password verifier and context protocol are used here.
struct Authenticator: Sendable {
    let users: UserStore
    let passwords: PasswordHasher
    let sessions: SessionStore
    let throttle: LoginThrottle
    let cache: CredentialCache
    /// Point reads made to verify or confirm credentials, per kind: what authentication
    /// costs the database (`make bench` reports it per busy token).
    private let basicReads: Counter
    private let bearerReads: Counter

    init(
        users: UserStore, passwords: PasswordHasher, sessions: SessionStore, throttle: LoginThrottle, cache: CredentialCache,
        metrics: any MetricsFactory
    ) {
        self.users = users
        self.passwords = passwords
        self.sessions = sessions
        self.throttle = throttle
        self.cache = cache
        func reads(_ credential: String) -> Counter {
            Counter(label: "authentication_database_reads_total", dimensions: [("credential", credential)], factory: metrics)
        }
        basicReads = reads("basic")
        bearerReads = reads("bearer")
    }

    func verify(_ credential: Credential) async throws -> VerifiedCredential {
        switch credential {
        case .basic(let credentials):
            // Before the cache: during a lockout this instance knows of, even remembered,
            // correct credentials are refused. The cache's confirmation asks the database.
            if let remaining = throttle.knownLockout(of: credentials.username) {
                throw APIError.tooManyAttempts(retryAfter: remaining)
            }
            do {
                return try await cache.verified(credential) { remembered in
                    try await verifyPassword(credentials, remembered: remembered)
                }
            } catch let error as APIError where error.status == .unauthorized {
                // Every refused request counts, also those that shared one verification.
                try await throttle.recordFailure(of: credentials.username)
                throw error
            }
        case .bearer(let token):
            // A wrong token guesses no username's password: it does not count as a failed login.
            return try await cache.verified(credential) { remembered in
                try await verifySession(token, remembered: remembered)
            }
        }
    }

    /// The lockout and the account, read together; bcrypt only when the account's password
    /// hash is not the one the remembered verification matched.
    private func verifyPassword(_ credentials: BasicCredentials, remembered: VerifiedCredential?) async throws -> VerifiedCredential {
        async let lockout = throttle.lockout(of: credentials.username)
        async let found = users.account(named: credentials.username)
        basicReads.increment(by: 2)
        if let remaining = try await lockout {
            throw APIError.tooManyAttempts(retryAfter: remaining)
        }
        let account = try await found
        let passwordHash = account.map { cache.fingerprint(ofPasswordHash: $0.passwordHash) }
        if let remembered, let account, remembered.user.id == account.id, remembered.passwordHash == passwordHash {
            return remembered
        }
        guard try await passwords.verify(credentials.password, against: account?.passwordHash), let account else {
            throw APIError.unauthorized
        }
        return VerifiedCredential(user: account.user, session: nil, passwordHash: passwordHash)
    }

    /// The session, unexpired: revoking it, a password change or an account deletion removes
    /// it, so this one read confirms all three. The account is read only the first time.
    private func verifySession(_ token: SessionToken, remembered: VerifiedCredential?) async throws -> VerifiedCredential {
        bearerReads.increment()
        guard let session = try await sessions.active(token) else { throw APIError.unauthorized }
        try await sessions.touch(session)
        if let remembered, remembered.session == session.id {
            return remembered
        }
        bearerReads.increment()
        guard let account = try await users.account(id: session.owner) else { throw APIError.unauthorized }
        return VerifiedCredential(user: account.user, session: session.id, passwordHash: nil)
    }
}
