import Synchronization

/// Failed Basic logins counted per username, as the contract has it: 10 failures within
/// 5 minutes lock the username for 30 seconds, doubling with each further lockout up to
/// 15 minutes; during a lockout even the right password is refused. Usernames are counted
/// whether or not they exist, so the lockout says nothing about which do.
///
/// In memory and bounded: when full, usernames with nothing left to remember go first, then
/// the least recently failed of those not locked, so cycling through random usernames can
/// neither exhaust memory nor lift a lockout.
final class LoginThrottle: Sendable {
    private struct Record {
        /// Failures since the last lockout, oldest first, at most `maxFailures`.
        var failures: [ContinuousClock.Instant] = []
        var lockedUntil: ContinuousClock.Instant?
        var lockouts = 0
        var lastFailure: ContinuousClock.Instant

        func isIdle(at now: ContinuousClock.Instant) -> Bool {
            (lockedUntil.map { $0 <= now } ?? true) && now - lastFailure > LoginThrottle.maxLockout
        }
    }

    static let maxFailures = 10
    static let failureWindow = Duration.seconds(5 * 60)
    static let firstLockout = Duration.seconds(30)
    static let maxLockout = Duration.seconds(15 * 60)

    private let capacity: Int
    private let records = Mutex<[String: Record]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// How long the username stays locked, or `nil` when it may try.
    func lockout(of username: String, now: ContinuousClock.Instant = .now) -> Duration? {
        records.withLock { records in
            guard let until = records[username.lowercased()]?.lockedUntil, until > now else { return nil }
            return until - now
        }
    }

    func recordFailure(of username: String, now: ContinuousClock.Instant = .now) {
        let username = username.lowercased()
        records.withLock { records in
            var record = records[username] ?? Record(lastFailure: now)
            record.lastFailure = now
            record.failures.removeAll { now - $0 > Self.failureWindow }
            record.failures.append(now)
            if record.failures.count >= Self.maxFailures {
                let doubling = Duration.seconds(30 << min(record.lockouts, 10))
                record.lockedUntil = now + min(doubling, Self.maxLockout)
                record.lockouts += 1
                record.failures = []
            }
            if records[username] == nil && records.count >= capacity {
                makeRoom(in: &records, now: now)
            }
            records[username] = record
        }
    }

    private func makeRoom(in records: inout [String: Record], now: ContinuousClock.Instant) {
        records = records.filter { !$0.value.isIdle(at: now) }
        guard records.count >= capacity else { return }
        let unlocked = records.filter { $0.value.lockedUntil.map { $0 <= now } ?? true }
        let candidates = unlocked.isEmpty ? records : unlocked
        if let oldest = candidates.min(by: { $0.value.lastFailure < $1.value.lastFailure }) {
            records[oldest.key] = nil
        }
    }
}
