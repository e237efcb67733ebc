#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The throttle's document for one username (its `_id`, lower-cased), whether or not the
/// username exists: at most `LoginThrottle.maxFailures` dates and two fields, so an attacker
/// cycling random usernames costs one small document per name, which a TTL index removes
/// once it has nothing left to say.
struct LoginFailures: Codable, Sendable {
    var username: String
    /// The latest failures since the last lockout, oldest first.
    var failures: [Date] = []
    var lockedUntil: Date?
    /// Lockouts so far, each twice as long as the one before.
    var lockouts: Int?
    /// For the TTL index only.
    var expiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case username = "_id"
        case failures
        case lockedUntil = "locked_until"
        case lockouts
        case expiresAt = "expires_at"
    }
}
