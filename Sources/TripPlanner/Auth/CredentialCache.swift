import BSON
import Crypto
import Metrics
import Synchronization

/// Recently verified credentials of both kinds, Basic and Bearer, so that a client sending
/// them on every request pays for bcrypt (Basic) once, not every time, and for the database
/// about once a second, not on every request.
///
/// An entry is trusted for `trust` (0.8 s: the contract allows 1 s, and the rest is margin for
/// the confirming read and the request itself) after the database last confirmed it; the
/// next request after that waits for `resolve` to confirm it again (one point read: the
/// account's password hash is unchanged, or the session is still there and unexpired), so a
/// password change, an account deletion or a revoked session reaches every instance within
/// a second. Concurrent requests with one credential share one resolution (single-flight),
/// whether it verifies a new credential or confirms a remembered one, so a busy client costs
/// the database about one read per second, and an empty entry under load one bcrypt.
///
/// Entries are keyed by an HMAC of the credential under a key made at random for this
/// process: the cache holds no password, token or token hash, nor anything that would help
/// guess one. It is bounded (`BoundedTable`), and `forget` drops a user's entries the moment
/// a change is stored on this instance.
///
/// Every lookup counts as a hit (trusted without the database), confirm (a remembered
/// credential checked again: one point read), miss (a full verification) or joined (it
/// waited for a resolution another request started).
final class CredentialCache: Sendable {
    typealias Resolve = @Sendable (_ remembered: VerifiedCredential?) async throws -> VerifiedCredential

    private struct Entry {
        let verified: VerifiedCredential
        let confirmed: ContinuousClock.Instant
    }

    private struct State {
        var entries: BoundedTable<CredentialFingerprint, Entry>
        /// Running resolutions, each with the epoch it started in: one from before a `forget`
        /// may have read what has since changed, so later requests do not join it.
        var resolutions: [CredentialFingerprint: (epoch: UInt64, task: Task<VerifiedCredential, any Error>)] = [:]
        /// Advanced by every `forget`. A resolution stores its result only if the epoch is
        /// the one it started in, so one that read a password hash just before it changed
        /// cannot cache the old password.
        var epoch: UInt64 = 0
    }

    /// Keyed once: deriving HMAC's inner and outer pads from the key costs more than hashing
    /// a password, so every request copies this state instead.
    private let authenticator = HMAC<SHA256>(key: SymmetricKey(size: .bits256))
    private let trust: Duration
    private let state: Mutex<State>
    private let hits: Counter
    private let confirms: Counter
    private let misses: Counter
    private let joins: Counter

    init(trust: Duration = .milliseconds(800), capacity: Int = 10_000, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.trust = trust
        state = Mutex(State(entries: BoundedTable(capacity: capacity)))
        func lookups(_ result: String) -> Counter {
            Counter(label: "credential_cache_lookups_total", dimensions: [("result", result)], factory: metrics)
        }
        hits = lookups("hit")
        confirms = lookups("confirm")
        misses = lookups("miss")
        joins = lookups("joined")
    }

    /// What `credential` stands for: remembered and trusted, or found by `resolve` (which
    /// throws when the credential is wrong or no longer current) once for all concurrent
    /// callers presenting it. `resolve` gets the remembered verification, if any, to confirm.
    func verified(_ credential: Credential, resolve: @escaping Resolve) async throws -> VerifiedCredential {
        let key = key(for: credential)
        let now = ContinuousClock.now
        enum Lookup {
            case trusted(VerifiedCredential)
            case joined(Task<VerifiedCredential, any Error>)
            case resolving(Task<VerifiedCredential, any Error>, confirming: Bool)
        }
        let lookup = state.withLock { state -> Lookup in
            let remembered = state.entries[key]
            if let remembered, now - remembered.confirmed < trust {
                return .trusted(remembered.verified)
            }
            let epoch = state.epoch
            if let running = state.resolutions[key], running.epoch == epoch {
                return .joined(running.task)
            }
            let task = resolution(of: key, in: epoch, remembered: remembered?.verified, by: resolve)
            state.resolutions[key] = (epoch, task)
            return .resolving(task, confirming: remembered != nil)
        }
        switch lookup {
        case .trusted(let verified):
            hits.increment()
            return verified
        case .joined(let task):
            joins.increment()
            return try await task.value
        case .resolving(let task, let confirming):
            (confirming ? confirms : misses).increment()
            return try await task.value
        }
    }

    /// Runs `resolve` once and remembers its result as confirmed when it started, unless a
    /// `forget` came in between; a credential found wrong is forgotten.
    private func resolution(
        of key: CredentialFingerprint, in epoch: UInt64, remembered: VerifiedCredential?, by resolve: @escaping Resolve
    ) -> Task<VerifiedCredential, any Error> {
        Task {
            let started = ContinuousClock.now
            defer {
                self.state.withLock { state in
                    if state.resolutions[key]?.epoch == epoch { state.resolutions[key] = nil }
                }
            }
            do {
                let verified = try await resolve(remembered)
                state.withLock { state in
                    guard state.epoch == epoch else { return }
                    state.entries.set(Entry(verified: verified, confirmed: started), for: key)
                }
                return verified
            } catch let error as APIError where error.status == .unauthorized {
                state.withLock { $0.entries.remove(key) }
                throw error
            }
        }
    }

    /// Drops every entry of the user; call once the change is stored, before answering.
    func forget(_ userID: ObjectId) {
        state.withLock { state in
            state.epoch += 1
            state.entries.removeAll { $0.verified.user.id == userID }
        }
    }

    /// The keyed fingerprint of a stored password hash, for `VerifiedCredential`.
    func fingerprint(ofPasswordHash hash: String) -> CredentialFingerprint {
        fingerprint(of: [0] + hash.utf8)
    }

    /// A tag byte per kind (0 is the password hashes'), and the username length-prefixed, so
    /// that no two credentials share bytes.
    private func key(for credential: Credential) -> CredentialFingerprint {
        var message: [UInt8] = []
        switch credential {
        case .basic(let credentials):
            let username = credentials.username.lowercased()
            message.reserveCapacity(5 + username.utf8.count + credentials.password.utf8.count)
            message.append(1)
            withUnsafeBytes(of: UInt32(username.utf8.count).bigEndian) { message.append(contentsOf: $0) }
            message.append(contentsOf: username.utf8)
            message.append(contentsOf: credentials.password.utf8)
        case .bearer(let token):
            message.reserveCapacity(1 + token.text.utf8.count)
            message.append(2)
            message.append(contentsOf: token.text.utf8)
        }
        return fingerprint(of: message)
    }

    /// One message, one `update`: swift-crypto's is generic and unspecialized here, and each
    /// call cost more than hashing the bytes it was given.
    private func fingerprint(of message: [UInt8]) -> CredentialFingerprint {
        var authenticator = authenticator
        authenticator.update(data: message)
        return CredentialFingerprint(authenticator.finalize())
    }
}
