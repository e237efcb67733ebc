import BSON
import Foundation
import Mongo
import XCTest

@testable import TripPlanner

/// The contract's lockout rules against the real database, on a clock the tests move by hand
/// (every operation takes `now`, and the database compares only the dates it is given).
final class LoginThrottleTests: XCTestCase {
    let start = Date(millisecondsSince1970: Date.now.millisecondsSince1970)
    private var client: MongoClient!
    private var throttle: LoginThrottle!

    override func setUp() async throws {
        client = try MongoClient(MongoConfiguration(uri: TestArguments().mongoURI))
        throttle = LoginThrottle(database: client.database(freshDatabase("throttle")))
        try await throttle.createIndexes()
    }

    override func tearDown() async throws {
        try await client.close()
    }

    func fail(_ username: String, times: Int, at seconds: Double) async throws {
        for _ in 0..<times {
            try await throttle.recordFailure(of: username, now: start + seconds)
        }
    }

    func lockout(_ username: String, at seconds: Double) async throws -> Duration? {
        try await throttle.lockout(of: username, now: start + seconds)
    }

    func testTenFailuresWithinFiveMinutesLockForThirtySeconds() async throws {
        try await fail("alice", times: 9, at: 0)
        let notYet = try await lockout("alice", at: 1)
        XCTAssertNil(notYet)
        try await fail("alice", times: 1, at: 240)
        let locked = try await lockout("alice", at: 240)
        XCTAssertEqual(locked, .seconds(30))
        let caseless = try await lockout("ALICE", at: 265)
        XCTAssertEqual(caseless, .seconds(5), "usernames are case-insensitive")
        let over = try await lockout("alice", at: 270)
        XCTAssertNil(over)
    }

    func testFailuresOlderThanFiveMinutesDoNotCount() async throws {
        try await fail("alice", times: 9, at: 0)
        try await fail("alice", times: 1, at: 301)
        let locked = try await lockout("alice", at: 301)
        XCTAssertNil(locked)
        try await fail("alice", times: 9, at: 302)
        let slid = try await lockout("alice", at: 302)
        XCTAssertNotNil(slid, "the window slides: the 10 latest failures (301 s and nine at 302 s) fell within 5 minutes")
    }

    func testLockoutsGrowButNeverExceedFifteenMinutes() async throws {
        var now = 0.0
        var lockouts: [Duration] = []
        for _ in 0..<8 {
            try await fail("alice", times: 10, at: now)
            let locked = try await lockout("alice", at: now)
            lockouts.append(try XCTUnwrap(locked))
            now += Double(locked!.components.seconds) + 1
        }
        XCTAssertEqual(Array(lockouts.prefix(3)), [.seconds(30), .seconds(60), .seconds(120)])
        XCTAssertEqual(lockouts.last, .seconds(15 * 60))
        XCTAssertTrue(lockouts.allSatisfy { $0 <= .seconds(15 * 60) })
    }

    func testOtherUsernamesAreNeverAffected() async throws {
        try await fail("alice", times: 10, at: 0)
        let alice = try await lockout("alice", at: 1)
        let bob = try await lockout("bob", at: 1)
        XCTAssertNotNil(alice)
        XCTAssertNil(bob)
    }

    /// The lockout an instance caused is known to it without the database, for the requests
    /// its credential cache answers.
    func testTheLockoutThisInstanceCausedIsKnownLocally() async throws {
        try await fail("alice", times: 9, at: 0)
        XCTAssertNil(throttle.knownLockout(of: "alice", now: start))
        try await fail("alice", times: 1, at: 0)
        XCTAssertEqual(throttle.knownLockout(of: "Alice", now: start + 10), .seconds(20))
        XCTAssertNil(throttle.knownLockout(of: "alice", now: start + 31))
    }

    /// Issue 16: a flood of failures for random usernames costs one small document per name,
    /// each with its own expiry, and nothing in memory; a real lockout holds throughout.
    func testAFloodOfRandomUsernamesCostsOneExpiringDocumentEachAndKeepsLockouts() async throws {
        try await fail("alice", times: 10, at: 0)
        var random = SplitMix64(seed: 16)
        let names = (0..<300).map { _ in "flood_" + String(random.next(), radix: 36) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, name) in names.enumerated() {
                group.addTask { [throttle, start] in
                    try await throttle!.recordFailure(of: name, now: start + 1 + Double(index) / 1000)
                }
            }
            try await group.waitForAll()
        }
        let documents = try await throttle.documents.find(["_id": ["$regex": "^flood_"]])
        XCTAssertEqual(documents.count, names.count, "one document per name")
        for document in documents {
            XCTAssertEqual(document.failures.count, 1)
            XCTAssertNil(document.lockedUntil)
            let expiresAt = try XCTUnwrap(document.expiresAt)
            XCTAssertLessThanOrEqual(expiresAt, start + 2 + LoginThrottle.maxLockout, "expires by itself")
        }
        XCTAssertEqual(throttle.recent.count, 1, "only alice's lockout is held in memory")
        let alice = try await lockout("alice", at: 5)
        XCTAssertNotNil(alice)
        // A name failing over and over keeps one document of at most 10 failures.
        try await fail("bob", times: 25, at: 400)
        let bob = try await throttle.documents.find(["_id": "bob"])
        XCTAssertEqual(bob.count, 1)
        XCTAssertLessThanOrEqual(bob.first?.failures.count ?? 0, LoginThrottle.maxFailures)
    }

    /// Issue 16: the in-memory part stays within its capacity whatever floods it, keeping the
    /// newest lockouts, in constant time per entry (a ring of arrivals, no scans).
    func testRecentLockoutsStayBoundedUnderAFlood() {
        let recent = RecentLockouts(capacity: 100)
        let until = start + 60
        for index in 0..<10_000 {
            recent.record("name\(index)", lockedUntil: until)
            XCTAssertLessThanOrEqual(recent.count, 100)
        }
        XCTAssertNotNil(recent.lockedUntil("name9999", now: start))
        XCTAssertNotNil(recent.lockedUntil("name9900", now: start))
        XCTAssertNil(recent.lockedUntil("name9899", now: start), "the oldest made way")
        XCTAssertNil(recent.lockedUntil("name9999", now: until + 1), "an expired lockout no longer counts")
    }

    func testBoundedTableDropsTheOldestArrivalWhenFull() {
        var table = BoundedTable<Int, Int>(capacity: 3)
        for key in 0..<3 { table.set(key, for: key) }
        table.set(10, for: 0)
        XCTAssertEqual(table[0], 10, "an update keeps its place")
        table.remove(1)
        table.set(3, for: 3)
        XCTAssertEqual(Set(table.values.keys), [2, 3], "0 arrived first and made way")
        table.set(4, for: 4)
        XCTAssertEqual(Set(table.values.keys), [2, 3, 4], "1's slot, freed by its removal, was reused")
        table.set(5, for: 5)
        XCTAssertEqual(Set(table.values.keys), [3, 4, 5])
    }
}
