import BSON
import Foundation
import XCTest

@testable import TripPlanner

final class CredentialCacheTests: XCTestCase {
    let alice = User(id: ObjectId(), username: "alice", createdAt: Date())

    func credentials(_ username: String, _ password: String) -> BasicCredentials {
        BasicCredentials(authorization: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())!
    }

    func testServesOnlyTheExactRememberedPassword() {
        let cache = CredentialCache()
        cache.remember(alice, for: credentials("alice", "correct horse"), ticket: cache.ticket())
        XCTAssertEqual(cache.user(for: credentials("alice", "correct horse")), alice)
        XCTAssertEqual(cache.user(for: credentials("ALICE", "correct horse")), alice, "usernames are case-insensitive")
        XCTAssertNil(cache.user(for: credentials("alice", "Correct horse")))
        XCTAssertNil(cache.user(for: credentials("alice", "correct horse ")))
        XCTAssertNil(cache.user(for: credentials("bob", "correct horse")))
    }

    func testUsernameAndPasswordBoundariesDoNotCollide() {
        let cache = CredentialCache()
        cache.remember(alice, for: credentials("ab", "cdefghij"), ticket: cache.ticket())
        XCTAssertNil(cache.user(for: credentials("abc", "defghij")))
    }

    func testForgetDropsEveryEntryOfTheUser() {
        let cache = CredentialCache()
        let bob = User(id: ObjectId(), username: "bob", createdAt: Date())
        cache.remember(alice, for: credentials("alice", "first password"), ticket: cache.ticket())
        cache.remember(alice, for: credentials("Alice", "first password"), ticket: cache.ticket())
        cache.remember(bob, for: credentials("bob", "bobs password"), ticket: cache.ticket())
        cache.forget(alice.id)
        XCTAssertNil(cache.user(for: credentials("alice", "first password")))
        XCTAssertEqual(cache.user(for: credentials("bob", "bobs password")), bob)
    }

    /// A verification that read the account before a password change must not cache the old
    /// password after it.
    func testATicketFromBeforeAForgetStoresNothing() {
        let cache = CredentialCache()
        let ticket = cache.ticket()
        cache.forget(alice.id)
        cache.remember(alice, for: credentials("alice", "old password"), ticket: ticket)
        XCTAssertNil(cache.user(for: credentials("alice", "old password")))
    }

    func testExpiredEntriesAreNotServed() {
        let cache = CredentialCache(lifetime: .zero)
        cache.remember(alice, for: credentials("alice", "correct horse"), ticket: cache.ticket())
        XCTAssertNil(cache.user(for: credentials("alice", "correct horse")))
    }

    func testSizeStaysWithinCapacity() {
        let cache = CredentialCache(capacity: 3)
        for index in 0..<50 {
            cache.remember(alice, for: credentials("user\(index)", "password \(index)"), ticket: cache.ticket())
        }
        let served = (0..<50).filter { cache.user(for: credentials("user\($0)", "password \($0)")) != nil }
        XCTAssertLessThanOrEqual(served.count, 3)
        XCTAssertTrue(served.contains(49), "the newest entry is kept")
    }
}
