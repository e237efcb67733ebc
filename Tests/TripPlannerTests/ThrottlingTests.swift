import Hummingbird
import HummingbirdTesting
import XCTest

/// Per-username throttling of failed logins, over HTTP.
final class ThrottlingTests: XCTestCase {
    func testTenFailuresLockTheUsernameEvenForTheRightPassword() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let bystander = try await api.signUp()
            for _ in 0..<10 {
                assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "wrong password")))
            }
            for auth in [account.authorization, basic(account.username.uppercased(), "correct horse")] {
                let locked = try await api.raw(.get, "/trips", auth: auth)
                assertError(locked, .tooManyRequests, "too_many_attempts")
                let retryAfter = locked.headers[.retryAfter].flatMap(Int.init)
                XCTAssertNotNil(retryAfter, "Retry-After: \(locked.headers[.retryAfter] ?? "missing")")
                XCTAssertTrue((1...30).contains(retryAfter ?? 0), "the first window is 30 seconds")
            }
            // Another username, its failures and its successes are untouched.
            assertStatus(try await api.raw(.get, "/users", auth: bystander.authorization), .ok)
        }
    }

    func testUnknownUsernamesAreThrottledAlike() async throws {
        try await withServer { api in
            let nobody = uniqueUsername()
            for _ in 0..<10 {
                assertUnauthorized(try await api.raw(.get, "/users", auth: basic(nobody, "any password")))
            }
            assertError(try await api.raw(.get, "/users", auth: basic(nobody, "any password")), .tooManyRequests, "too_many_attempts")
        }
    }

    func testNineFailuresStillLetTheRightPasswordIn() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            for _ in 0..<9 {
                assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "wrong password")))
            }
            assertStatus(try await api.raw(.get, "/users", auth: account.authorization), .ok)
        }
    }

    /// Issue 16: an attacker cycling random usernames locks nobody out and leaves correct
    /// logins answered (the throttle's table itself is checked in `LoginThrottleTests`).
    func testAFloodOfRandomUsernamesLeavesCorrectLoginsAlone() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await api.withConnection { flood in
                            for _ in 0..<50 {
                                assertUnauthorized(try await flood.raw(.get, "/users", auth: basic(uniqueUsername("flood"), "any password")))
                            }
                        }
                    }
                }
                group.addTask {
                    try await api.withConnection { user in
                        for _ in 0..<20 {
                            assertStatus(try await user.request(.get, "/users", as: account), .ok)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
