import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mongo

/// Failed password logins counted per username in MongoDB, as the contract has it: 10
/// failures within 5 minutes lock the username for 30 seconds, doubling with each further
/// lockout up to 15 minutes; during a lockout even the right password is refused. Every
/// instance sharing the database counts into, and reads, the same document, so failures
/// through any mix of instances add up and a lockout holds on all of them. Usernames are
/// counted whether or not they exist, so the lockout says nothing about which do.
///
/// A failure is one atomic update of one document (the last 10 failure times, so the
/// 5-minute window is exact rather than bucketed), plus a second, conditional one on the
/// failure that locks; a lookup is one point read by `_id`. Nothing is held in memory
/// except `RecentLockouts`, the lockouts this instance has seen, for the requests that
/// `CredentialCache` answers without the database.
struct LoginThrottle: IndexedStore {
    static let maxFailures = 10
    static let failureWindow: TimeInterval = 5 * 60
    static let firstLockout: TimeInterval = 30
    static let maxLockout: TimeInterval = 15 * 60

    let documents: MongoCollection<LoginFailures>
    let recent: RecentLockouts

    private typealias Field = LoginFailures.CodingKeys

    init(database: MongoDatabase, recent: RecentLockouts = RecentLockouts()) {
        documents = database.collection("login_failures", of: LoginFailures.self)
        self.recent = recent
    }

    /// A document goes once it is neither locked nor holding a failure young enough to count.
    func createIndexes() async throws {
        try await documents.createIndexes([MongoIndex(keys: [Field.expiresAt.rawValue: 1], expireAfterSeconds: 0)])
    }

    /// How long the username stays locked, or `nil` when it may try; from the database.
    func lockout(of username: String, now: Date = .now) async throws -> Duration? {
        let username = username.lowercased()
        guard let until = try await documents.findOne([Field.username.rawValue: .string(username)])?.lockedUntil, until > now else {
            return nil
        }
        recent.record(username, lockedUntil: until)
        return Self.duration(until.timeIntervalSince(now))
    }

    /// How long the username stays locked as far as this instance has seen, without the database.
    func knownLockout(of username: String, now: Date = .now) -> Duration? {
        recent.lockedUntil(username.lowercased(), now: now).map { Self.duration($0.timeIntervalSince(now)) }
    }

    /// Counts a failure; returns the lockout it started, if it was the one too many.
    @discardableResult
    func recordFailure(of username: String, now: Date = .now) async throws -> Duration? {
        let username = username.lowercased()
        let now = Date(millisecondsSince1970: now.millisecondsSince1970)
        // Past every failure's window and any lockout, the document has nothing to say.
        let idle = now.addingTimeInterval(Self.maxLockout)
        guard let record = try await documents.findOneAndUpdate(
            filter: [Field.username.rawValue: .string(username)],
            update: [
                "$push": [Field.failures.rawValue: ["$each": [.datetime(now)], "$slice": .int32(Int32(-Self.maxFailures))]],
                "$max": [Field.expiresAt.rawValue: .datetime(idle)],
            ],
            upsert: true)
        else { return nil }
        guard record.failures.count >= Self.maxFailures, let oldest = record.failures.first,
            now.timeIntervalSince(oldest) <= Self.failureWindow
        else { return nil }
        let lockouts = record.lockouts ?? 0
        let length = min(Self.firstLockout * Double(1 << min(lockouts, 10)), Self.maxLockout)
        let until = now.addingTimeInterval(length)
        // Only if no other failure got in since: of two instances that both saw the tenth
        // failure, one locks, and the lockout is not doubled twice.
        let locked = try await documents.updateOne(
            filter: [Field.username.rawValue: .string(username), Field.failures.rawValue: .array(record.failures.map { .datetime($0) })],
            update: [
                "$set": [Field.failures.rawValue: [], Field.lockedUntil.rawValue: .datetime(until)],
                "$inc": [Field.lockouts.rawValue: 1],
                "$max": [Field.expiresAt.rawValue: .datetime(until.addingTimeInterval(Self.maxLockout))],
            ])
        guard locked.matchedCount == 1 else { return nil }
        recent.record(username, lockedUntil: until)
        return Self.duration(length)
    }

    private static func duration(_ seconds: TimeInterval) -> Duration {
        .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
