#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The lockouts this instance has seen (caused or read), so that a request answered from
/// `CredentialCache` without the database still gets 429 when this instance knows better;
/// the database remains the authority, consulted at least once a second per credential.
/// Bounded and constant time per operation (`BoundedTable`): a full table forgets the
/// lockout it learned of first, the one most likely over, which costs nothing but the
/// database read that would have happened anyway within a second.
final class RecentLockouts: Sendable {
    private let table: Mutex<BoundedTable<String, Date>>

    init(capacity: Int = 10_000) {
        table = Mutex(BoundedTable(capacity: capacity))
    }

    func record(_ username: String, lockedUntil until: Date) {
        table.withLock { table in
            table.set(max(table[username] ?? until, until), for: username)
        }
    }

    func lockedUntil(_ username: String, now: Date) -> Date? {
        table.withLock { $0[username].flatMap { $0 > now ? $0 : nil } }
    }

    var count: Int {
        table.withLock { $0.count }
    }
}
