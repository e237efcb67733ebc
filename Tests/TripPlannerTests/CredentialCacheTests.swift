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

        let confirmations = Atomic(0)

        var count: Int { calls.load(ordering: .relaxed) }

        /// Calls that were given a remembered verification to confirm.
        var confirmed: Int { confirmations.load(ordering: .relaxed) }

        func verify(_ remembered: VerifiedCredential?) async throws -> VerifiedCredential {
            let call = calls.add(1, ordering: .relaxed).newValue
            if remembered != nil {
                confirmations.add(1, ordering: .relaxed)
            }
            try await Task.sleep(for: .milliseconds(20))
            guard let last = users.last else { throw APIError.unauthorized }
            return VerifiedCredential(user: call <= users.count ? users[call - 1] : last, session: nil, passwordHash: nil)
        }
    }

    static func lookUp(_ cache: CredentialCache, _ username: String, _ password: String, _ verifier: Verifier) async throws -> User {
        try await cache.verified(.basic(credentials(username, password)), resolve: verifier.verify).user
    }

    /// Trusted for longer than any test takes, where a test is not about the trust window.
    static func cache(capacity: Int = 10_000) -> CredentialCache {
        CredentialCache(trust: .seconds(600), capacity: capacity)
    }

    func testVerifiesOnceThenServesOnlyTheExactRememberedPassword() async throws {
        let cache = Self.cache()
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
        let cache = Self.cache()
        let verifier = Verifier(alice)
        _ = try await Self.lookUp(cache, "ab", "cdefghij", verifier)
        _ = try await Self.lookUp(cache, "abc", "defghij", verifier)
        XCTAssertEqual(verifier.count, 2)
    }

    func testConcurrentMissesShareOneVerification() async throws {
        let cache = Self.cache()
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
        let cache = Self.cache()
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
        let cache = Self.cache()
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
        let cache = Self.cache()
        let verifier = Verifier(alice)
        async let before = Self.lookUp(cache, "alice", "old password", verifier)
        try await Task.sleep(for: .milliseconds(5))
        cache.forget(alice.id)
        async let after = Self.lookUp(cache, "alice", "old password", verifier)
        _ = try await (before, after)
        XCTAssertEqual(verifier.count, 2)
    }

    /// Past the trust window, the next lookup confirms the remembered verification (the
    /// resolver gets it) rather than trusting it; within the window it is trusted.
    func testEntriesPastTheTrustWindowAreConfirmedWithTheRememberedVerification() async throws {
        let cache = CredentialCache(trust: .milliseconds(300))
        let verifier = Verifier(alice)
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        XCTAssertEqual(verifier.count, 1, "trusted within the window")
        try await Task.sleep(for: .milliseconds(350))
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        XCTAssertEqual(verifier.count, 2, "past the window, resolved again")
        XCTAssertEqual(verifier.confirmed, 1, "with the remembered verification to confirm")
    }

    /// Many requests of one credential past its window share one confirmation.
    func testConcurrentConfirmationsShareOneRead() async throws {
        let cache = CredentialCache(trust: .milliseconds(100))
        let verifier = Verifier(alice)
        _ = try await Self.lookUp(cache, "alice", "correct horse", verifier)
        try await Task.sleep(for: .milliseconds(150))
        try await withThrowingTaskGroup(of: User.self) { group in
            for _ in 0..<16 {
                group.addTask { try await Self.lookUp(cache, "alice", "correct horse", verifier) }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(verifier.count, 2)
        XCTAssertEqual(verifier.confirmed, 1)
    }

    /// A confirmation that finds the credential revoked drops it: the next lookup verifies anew.
    func testACredentialFoundRevokedIsForgotten() async throws {
        let cache = CredentialCache(trust: .zero)
        let accepting = Verifier(alice)
        _ = try await Self.lookUp(cache, "alice", "correct horse", accepting)
        let refusing = Verifier(nil)
        do {
            _ = try await Self.lookUp(cache, "alice", "correct horse", refusing)
            XCTFail("a revoked credential was accepted")
        } catch let error as APIError {
            XCTAssertEqual(error.status, .unauthorized)
        }
        XCTAssertEqual(refusing.confirmed, 1)
        _ = try await Self.lookUp(cache, "alice", "correct horse", accepting)
        XCTAssertEqual(accepting.confirmed, 0, "nothing was remembered after the refusal")
    }

    func testTokensAndPasswordsHaveSeparateEntries() async throws {
        let cache = Self.cache()
        let verifier = Verifier(alice)
        let token = SessionToken()
        _ = try await cache.verified(.bearer(token), resolve: verifier.verify)
        _ = try await cache.verified(.bearer(token), resolve: verifier.verify)
        XCTAssertEqual(verifier.count, 1)
        _ = try await cache.verified(.bearer(SessionToken()), resolve: verifier.verify)
        _ = try await Self.lookUp(cache, "alice", token.text, verifier)
        XCTAssertEqual(verifier.count, 3)
    }

    func testSizeStaysWithinCapacity() async throws {
        let cache = Self.cache(capacity: 3)
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
