import HummingbirdBasicAuth
import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing and verification, always on a thread pool: one hash costs hundreds of
/// milliseconds at the default cost and must never hold an event loop or the cooperative pool.
struct PasswordHasher: Sendable {
    /// bcrypt reads no further than this.
    static let maxPasswordBytes = 72

    let cost: UInt8
    /// Verified against when a username does not exist, so that an unknown user's 401 takes
    /// as long as a wrong password's and timing does not tell which usernames exist.
    private let placeholderHash: String
    private let verifier = BcryptPasswordVerifier()

    init(cost: Int) async throws {
        self.cost = UInt8(cost)
        placeholderHash = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.hash(String(UInt64.random(in: .min ... .max), radix: 36), cost: UInt8(cost))
        }
    }

    func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` is the one behind `hash`; with no hash, takes as long and is false.
    /// bcrypt reads at most 72 bytes and stops at a NUL, so longer passwords or ones with a NUL
    /// would match a hash of their prefix: they never authenticate.
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let matches = try await verifier.verifyPassword(password, createsHash: hash ?? placeholderHash)
        return matches && hash != nil && password.utf8.count <= Self.maxPasswordBytes && !password.utf8.contains(0)
    }
}
