import XCTest

@testable import TripPlanner

/// The contract's lockout rules, on a clock the tests move by hand.
final class LoginThrottleTests: XCTestCase {
    let start = ContinuousClock.now

    func fail(_ throttle: LoginThrottle, _ username: String, times: Int, at seconds: Double) {
        for _ in 0..<times {
            throttle.recordFailure(of: username, now: start + .seconds(seconds))
        }
    }

    func lockout(_ throttle: LoginThrottle, _ username: String, at seconds: Double) -> Duration? {
        throttle.lockout(of: username, now: start + .seconds(seconds))
    }

    func testTenFailuresWithinFiveMinutesLockForThirtySeconds() {
        let throttle = LoginThrottle()
        fail(throttle, "alice", times: 9, at: 0)
        XCTAssertNil(lockout(throttle, "alice", at: 1))
        fail(throttle, "alice", times: 1, at: 240)
        XCTAssertEqual(lockout(throttle, "alice", at: 240), .seconds(30))
        XCTAssertEqual(lockout(throttle, "ALICE", at: 265), .seconds(5), "usernames are case-insensitive")
        XCTAssertNil(lockout(throttle, "alice", at: 270))
    }

    func testFailuresOlderThanFiveMinutesDoNotCount() {
        let throttle = LoginThrottle()
        fail(throttle, "alice", times: 9, at: 0)
        fail(throttle, "alice", times: 1, at: 301)
        XCTAssertNil(lockout(throttle, "alice", at: 301))
    }

    func testLockoutsGrowButNeverExceedFifteenMinutes() {
        let throttle = LoginThrottle()
        var now = 0.0
        var lockouts: [Duration] = []
        for _ in 0..<8 {
            fail(throttle, "alice", times: 10, at: now)
            let locked = lockout(throttle, "alice", at: now)!
            lockouts.append(locked)
            now += Double(locked.components.seconds) + 1
        }
        XCTAssertEqual(Array(lockouts.prefix(3)), [.seconds(30), .seconds(60), .seconds(120)])
        XCTAssertEqual(lockouts.last, .seconds(15 * 60))
        XCTAssertTrue(lockouts.allSatisfy { $0 <= .seconds(15 * 60) })
    }

    func testOtherUsernamesAreNeverAffected() {
        let throttle = LoginThrottle()
        fail(throttle, "alice", times: 10, at: 0)
        XCTAssertNotNil(lockout(throttle, "alice", at: 1))
        XCTAssertNil(lockout(throttle, "bob", at: 1))
    }

    /// An attacker cycling through usernames fills the table with one-failure entries; they
    /// make way, a real lockout does not.
    func testBoundedTableKeepsLockouts() {
        let throttle = LoginThrottle(capacity: 3)
        fail(throttle, "alice", times: 10, at: 0)
        for index in 0..<100 {
            fail(throttle, "random\(index)", times: 1, at: 1 + Double(index) / 100)
        }
        XCTAssertNotNil(lockout(throttle, "alice", at: 5))
    }
}
