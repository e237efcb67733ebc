#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How long a session lives: `idle` after its last use (use extends it), never more than
/// `maximum` after it was created. `last_used_at` is written at most once per
/// `touchInterval`, a 720th of `idle` (an hour at the default 30 days), so a busy client
/// does not write to the database on every request.
struct SessionLifetime: Sendable {
    var idle: Duration = .seconds(30 * 24 * 3600)
    var maximum: Duration = .seconds(365 * 24 * 3600)

    var touchInterval: TimeInterval { idle.timeInterval / 720 }

    func expiry(createdAt: Date, lastUsedAt: Date) -> Date {
        min(lastUsedAt.addingTimeInterval(idle.timeInterval), createdAt.addingTimeInterval(maximum.timeInterval))
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
