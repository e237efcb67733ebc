import BSON
import Crypto
import Metrics
import Synchronization
import TripPlannerModels

/// Recently verified Basic credentials, so that a client sending them on every request pays
/// for bcrypt and the account lookup once a minute, not every time. Concurrent requests that
/// miss with the same credentials share one verification, so an empty or expired entry under
/// load costs one bcrypt, not one per connection. An entry in use is verified again in the
/// background in the last quarter of its lifetime, so a busy client does not stall once a
/// minute for a bcrypt, hundreds of milliseconds at cost 12.
///
/// Entries are keyed by an HMAC of username and password under a key made at random for this
/// process: the cache holds no password, nor anything that would help guess one. It is bounded
/// in size, entries expire, and `forget` drops a user's entries the moment their password
/// changes or their account goes. Other instances learn of that only when their entries expire.
///
/// Every lookup counts as a hit, a miss (it started a verification: one bcrypt) or joined (it
/// waited for a verification another request started).
final class CredentialCache: Sendable {
    private struct Entry {
        let user: User
        let expiry: ContinuousClock.Instant
        /// From here on, a hit also starts verifying the credentials again.
        let renewal: ContinuousClock.Instant
    }

    private struct State {
        var entries: [SHA256Digest: Entry] = [:]
        /// Running verifications, each with the epoch it started in: one from before a `forget`
        /// may have read the old password hash, so later requests do not join it.
        var verifications: [SHA256Digest: (epoch: UInt64, task: Task<User, any Error>)] = [:]
        /// Advanced by every `forget`. A verification stores its result only if the epoch is
        /// the one it started in, so one that read a password hash just before it changed
        /// cannot cache the old password.
        var epoch: UInt64 = 0
    }

    /// Keyed once: deriving HMAC's inner and outer pads from the key costs more than hashing
    /// a password, so every request copies this state instead.
    private let authenticator = HMAC<SHA256>(key: SymmetricKey(size: .bits256))
    private let lifetime: Duration
    private let capacity: Int
    private let state = Mutex(State())
    private let hits: Counter
    private let misses: Counter
    private let joins: Counter

    init(lifetime: Duration = .seconds(60), capacity: Int = 10_000, metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.lifetime = lifetime
        self.capacity = capacity
        func lookups(_ result: String) -> Counter {
            Counter(label: "credential_cache_lookups_total", dimensions: [("result", result)], factory: metrics)
        }
        hits = lookups("hit")
        misses = lookups("miss")
        joins = lookups("joined")
    }

    /// The user these credentials belong to: remembered, or found by `verify` (which throws
    /// when they are wrong) once for all concurrent callers presenting them.
    func user(
        for credentials: BasicCredentials, verifiedBy verify: @escaping @Sendable () async throws -> User
    ) async throws -> User {
        let key = key(for: credentials)
        let now = ContinuousClock.now
        enum Lookup {
            case remembered(User)
            case joined(Task<User, any Error>)
            case verifying(Task<User, any Error>)
        }
        let lookup = state.withLock { state -> Lookup in
            let epoch = state.epoch
            let running = state.verifications[key].flatMap { $0.epoch == epoch ? $0.task : nil }
            if let entry = state.entries[key], entry.expiry > now {
                if entry.renewal <= now, running == nil {
                    // Nobody awaits it. If it fails, the entry still expires when it would have.
                    state.verifications[key] = (epoch, verification(of: key, in: epoch, by: verify))
                }
                return .remembered(entry.user)
            }
            if let running {
                return .joined(running)
            }
            let task = verification(of: key, in: epoch, by: verify)
            state.verifications[key] = (epoch, task)
            return .verifying(task)
        }
        switch lookup {
        case .remembered(let user):
            hits.increment()
            return user
        case .joined(let task):
            joins.increment()
            return try await task.value
        case .verifying(let task):
            misses.increment()
            return try await task.value
        }
    }

    /// Runs `verify` once and remembers its user, unless a `forget` came in between.
    private func verification(
        of key: SHA256Digest, in epoch: UInt64, by verify: @escaping @Sendable () async throws -> User
    ) -> Task<User, any Error> {
        Task {
            defer {
                self.state.withLock { state in
                    if state.verifications[key]?.epoch == epoch { state.verifications[key] = nil }
                }
            }
            let user = try await verify()
            self.remember(user, under: key, ifStillIn: epoch)
            return user
        }
    }

    private func remember(_ user: User, under key: SHA256Digest, ifStillIn epoch: UInt64) {
        let now = ContinuousClock.now
        let entry = Entry(user: user, expiry: now + lifetime, renewal: now + lifetime * 3 / 4)
        state.withLock { state in
            guard state.epoch == epoch else { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expiry > now }
            }
            if state.entries.count >= capacity, let victim = state.entries.keys.first {
                state.entries[victim] = nil
            }
            state.entries[key] = entry
        }
    }

    /// Drops every entry of the user; call once the change is stored, before answering.
    func forget(_ userID: ObjectId) {
        state.withLock { state in
            state.epoch += 1
            state.entries = state.entries.filter { $0.value.user.id != userID }
        }
    }

    /// The username is length-prefixed so that no two (username, password) pairs share bytes.
    private func key(for credentials: BasicCredentials) -> SHA256Digest {
        var authenticator = authenticator
        var username = credentials.username.lowercased()
        var password = credentials.password
        withUnsafeBytes(of: UInt32(username.utf8.count).bigEndian) { authenticator.update(data: $0) }
        // Straight from the strings' storage: copying them into `Data` first cost two
        // allocations on every authenticated request.
        username.withUTF8 { authenticator.update(data: UnsafeRawBufferPointer($0)) }
        password.withUTF8 { authenticator.update(data: UnsafeRawBufferPointer($0)) }
        return SHA256Digest(authenticator.finalize())
    }
}

/// An HMAC-SHA256 value as a dictionary key: 32 bytes held inline, no allocation.
private struct SHA256Digest: Hashable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ code: HashedAuthenticationCode<SHA256>) {
        words = code.withUnsafeBytes { bytes in
            (bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
