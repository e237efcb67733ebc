import BSON
import Foundation
import Synchronization
import TripPlannerModels
import XCTest

@testable import TripPlanner

final class CredentialCacheTests: XCTestCase {
    let alice = User(id: ObjectId(), username: "alice", createdAt: Date())

    static func credentials(_ username: String, _ password: String) -> BasicCredentials {
        BasicCredentials(authorization: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())!
    }

    /// A verifier that counts its calls and answers `users` in turn (the last one from then
    /// on), or fails as a wrong password would when there are none.
    final class Verifier: Sendable {
        let calls = Atomic(0)
        let users: [User]

        init(_ users: [User]) {
            self.users = users
        }

        convenience init(_ user: User?) {
            self.init(user.map { [$0] } ?? [])
        }

        var count: Int { calls.load(ordering: .relaxed) }

        func verify() async throws -> User {
            let call = calls.add(1, ordering: .relaxed).newValue
            try await Task.sleep(for: .milliseconds(20))
            guard let last = users.last else { throw APIError.unauthorized }
            return call <= users.count ? users[call - 1] : last
        }
    }

    static func lookUp(_ cache: CredentialCache, _ username: String, _ password: String, _ verifier: Verifier) async throws -> User {
        try await cache.user(for: credentials(username, password), verifiedBy: verifier.verify)
    }

    func testVerifiesOnceThenServesOnlyTheExactRememberedPassword() async throws {
        let cache = CredentialCache()
        let verifier = Verifier(alice)
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        let again = try await Self.lookUp(cache, "ALICE", "correct horse", verifier)
        XCTAssertEqual(again, alice)
        XCTAssertEqual(verifier.count, 1, "usernames are case-insensitive; the second lookup was remembered")
        for (username, password) in [("alice", "Correct horse"), ("alice", "correct horse "), ("bob", "correct horse")] {
            _ = try await Self.lookUp(cache, username, password, verifier)
        }
        XCTAssertEqual(verifier.count, 4, "any other username or password is verified anew")
    }

    func testUsernameAndPasswordBoundariesDoNotCollide() async throws {
        let cache = CredentialCache()
        let verifier = Verifier(alice)
        _ = try await Self.lookUp(cache, "ab", "cdefghij", verifier)
        _ = try await Self.lookUp(cache, "abc", "defghij", verifier)
        XCTAssertEqual(verifier.count, 2)
    }

    func testConcurrentMissesShareOneVerification() async throws {
        let cache = CredentialCache()
        let verifier = Verifier(alice)
        let alice = self.alice
        try await withThrowingTaskGroup(of: User.self) { group in
            for _ in 0..<16 {
                group.addTask { try await Self.lookUp(cache, "alice", "correct horse", verifier) }
            }
            for try await user in group {
                XCTAssertEqual(user, alice)
            }
        }
        XCTAssertEqual(verifier.count, 1)
    }

    func testWrongCredentialsAreNeverRemembered() async throws {
        let cache = CredentialCache()
        let verifier = Verifier(nil)
        for _ in 0..<2 {
            do {
                _ = try await Self.lookUp(cache, "alice", "wrong password", verifier)
                XCTFail("wrong credentials were accepted")
            } catch let error as APIError {
                XCTAssertEqual(error.status, .unauthorized)
            }
        }
        XCTAssertEqual(verifier.count, 2)
    }

    func testForgetDropsTheUsersEntriesAndRacingVerifications() async throws {
        let cache = CredentialCache()
        let bob = User(id: ObjectId(), username: "bob", createdAt: Date())
        let aliceVerifier = Verifier(alice)
        let bobVerifier = Verifier(bob)
        _ = try await Self.lookUp(cache, "alice", "first password", aliceVerifier)
        _ = try await Self.lookUp(cache, "bob", "bobs password", bobVerifier)

        // A verification still running when the password changes must not cache the old one.
        async let racing = Self.lookUp(cache, "alice", "other password", aliceVerifier)
        try await Task.sleep(for: .milliseconds(5))
        cache.forget(alice.id)
        _ = try await racing

        _ = try await Self.lookUp(cache, "alice", "first password", aliceVerifier)
        _ = try await Self.lookUp(cache, "alice", "other password", aliceVerifier)
        _ = try await Self.lookUp(cache, "bob", "bobs password", bobVerifier)
        XCTAssertEqual(aliceVerifier.count, 4, "alice's entries were dropped and the racing one not stored")
        XCTAssertEqual(bobVerifier.count, 1, "bob's entry was kept")
    }

    /// A request that arrives after a password change starts its own verification rather than
    /// joining one that may have read the old password hash.
    func testRequestsAfterAForgetDoNotJoinAnEarlierVerification() async throws {
        let cache = CredentialCache()
        let verifier = Verifier(alice)
        async let before = Self.lookUp(cache, "alice", "old password", verifier)
        try await Task.sleep(for: .milliseconds(5))
        cache.forget(alice.id)
        async let after = Self.lookUp(cache, "alice", "old password", verifier)
        _ = try await (before, after)
        XCTAssertEqual(verifier.count, 2)
    }

    func testExpiredEntriesAreVerifiedAgain() async throws {
        let cache = CredentialCache(lifetime: .zero)
        let verifier = Verifier(alice)
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        XCTAssertEqual(verifier.count, 2)
    }

    /// A hit late in an entry's life answers at once from the entry and verifies again in the
    /// background; the renewed entry then outlives the first.
    func testEntriesInUseAreRenewedBeforeTheyExpire() async throws {
        let cache = CredentialCache(lifetime: .seconds(1))
        let renamed = User(id: alice.id, username: "alice2", createdAt: alice.createdAt)
        let verifier = Verifier([alice, renamed])
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        try await Task.sleep(for: .milliseconds(800))
        let late = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        XCTAssertEqual(late, alice, "answered from the entry, without waiting for the renewal")
        try await Task.sleep(for: .milliseconds(400))
        XCTAssertEqual(verifier.count, 2, "the late hit started a verification")
        let renewed = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        XCTAssertEqual(renewed, renamed, "past the first entry's expiry, the renewed entry answers")
        XCTAssertEqual(verifier.count, 2, "without verifying again")
    }

    func testSizeStaysWithinCapacity() async throws {
        let cache = CredentialCache(capacity: 3)
        let verifier = Verifier(alice)
        for index in 0..<20 {
            _ = try await Self.lookUp(cache, "user\(index)", "password \(index)", verifier)
        }
        _ = try await Self.lookUp(cache, "user19", "password 19", verifier)
        XCTAssertEqual(verifier.count, 20, "the newest entry is kept")
        for index in 0..<19 {
            _ = try await Self.lookUp(cache, "user\(index)", "password \(index)", verifier)
        }
        XCTAssertGreaterThanOrEqual(verifier.count, 20 + 19 - 3, "at most 3 entries were remembered")
    }
}
