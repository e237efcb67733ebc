import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// `/users`: sign-up, verifying credentials, changing the password, deleting the account.
final class UserTests: XCTestCase {
    // MARK: POST /users

    func testSignUpReturnsTheUserWithLocation() async throws {
        try await withServer { api in
            let username = uniqueUsername("signup")
            let reply = try await api.signUpRequest(username, "correct horse")
            let user = try assertUser(reply, .created, username: username, password: "correct horse")
            XCTAssertEqual(reply.headers[.location], "/users")
            let object = try reply.object()
            XCTAssertTrue(Set(object.keys).isSuperset(of: ["_id", "username", "created_at"]), reply.text)
            let created = try XCTUnwrap(timestampDate(user.created_at))
            XCTAssertLessThan(abs(created.timeIntervalSinceNow), 300, "created_at is now")
        }
    }

    func testUsernamesAreStoredLowerCased() async throws {
        try await withServer { api in
            let username = "MiXeD_" + uniqueUsername("Ab").uppercased()
            let reply = try await api.signUpRequest(username, "correct horse")
            try assertUser(reply, .created, username: username.lowercased())
        }
    }

    func testUsernamesAreCaseInsensitive() async throws {
        try await withServer { api in
            let lower = uniqueUsername("alice")
            let capitalised = lower.prefix(1).uppercased() + lower.dropFirst()
            let account = try await api.signUp(capitalised, password: "correct horse")
            assertError(try await api.signUpRequest(lower, "another password"), .conflict, "username_taken")
            assertError(try await api.signUpRequest(lower.uppercased(), "another password"), .conflict, "username_taken")
            // Every spelling signs in as the one user.
            for spelling in [lower, lower.uppercased(), capitalised] {
                let reply = try await api.raw(.get, "/users", auth: basic(spelling, "correct horse"))
                let user = try assertUser(reply, .ok, username: lower, password: "correct horse")
                XCTAssertEqual(user._id, account.id)
            }
        }
    }

    func testUsernameTakenIsConflict() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let reply = try await api.signUpRequest(account.username, "another password")
            assertError(reply, .conflict, "username_taken")
            assertNoSecrets(reply, password: "another password")
            // The first user's password still works; the second one's does not.
            assertStatus(try await api.raw(.get, "/users", auth: account.authorization), .ok)
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "another password")))
        }
    }

    func testConcurrentSignUpsOfOneNameGiveExactlyOneCreated() async throws {
        try await withServer { api in
            for round in 0..<5 {
                let username = uniqueUsername("race")
                // The second spelling differs in case on odd rounds: still the same user.
                let other = round % 2 == 0 ? username : username.uppercased()
                let replies = try await api.withConnection { first in
                    try await api.withConnection { second in
                        async let a = first.signUpRequest(username, "password one")
                        async let b = second.signUpRequest(other, "password two")
                        return try await [a, b]
                    }
                }
                let statuses = replies.map(\.status.code).sorted()
                XCTAssertEqual(statuses, [201, 409], replies.map(\.text).joined(separator: " | "))
                for reply in replies where reply.status == .conflict {
                    assertError(reply, .conflict, "username_taken")
                }
                for reply in replies where reply.status == .created {
                    try assertUser(reply, .created, username: username.lowercased())
                }
            }
        }
    }

    func testUsernameLengthAndCharacters() async throws {
        try await withServer { api in
            // 3 and 32 characters, every allowed character class.
            let suffix = uniqueUsername("x").suffix(12)
            let longest = "Az09._-" + suffix + String(repeating: "z", count: 32 - 7 - suffix.count)
            XCTAssertEqual(longest.count, 32)
            try assertUser(try await api.signUpRequest(longest, "correct horse"), .created, username: longest.lowercased())
            // Three characters leave little room for uniqueness: a 409 also proves the name valid.
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789._-")
            var created = false
            for _ in 0..<20 where !created {
                let shortest = String((0..<3).map { _ in alphabet.randomElement()! })
                let reply = try await api.signUpRequest(shortest, "correct horse")
                XCTAssertTrue([201, 409].contains(reply.status.code), "\(shortest): \(reply.text)")
                created = reply.status == .created
            }
            XCTAssertTrue(created, "no 3-character username could be created")
            let invalid = [
                "", "ab", String(repeating: "b", count: 33), "al ice" + suffix, "alice!" + suffix, "ålice" + suffix,
                "alice@" + suffix, "alice/" + suffix, " alice" + suffix,
            ]
            for username in invalid {
                assertValidationError(try await api.signUpRequest(username, "correct horse"), ["username"])
            }
        }
    }

    func testPasswordLengthIsCountedInBytes() async throws {
        try await withServer { api in
            // 8 bytes (4 characters) and 72 bytes are fine.
            for password in ["12345678", String(repeating: "é", count: 4), String(repeating: "p", count: 72), String(repeating: "é", count: 36)] {
                let account = try await api.signUp(password: password)
                try assertUser(try await api.raw(.get, "/users", auth: account.authorization), .ok, password: password)
            }
            // 7 bytes, 73 bytes, 37 × "é" (74 bytes, 37 characters).
            for password in ["1234567", "", String(repeating: "p", count: 73), String(repeating: "é", count: 37)] {
                let reply = try await api.signUpRequest(uniqueUsername(), password)
                assertValidationError(reply, ["password"])
                assertNoSecrets(reply, password: password.isEmpty ? nil : password)
            }
        }
    }

    func testPasswordWithNulIsRejected() async throws {
        try await withServer { api in
            let reply = try await api.request(.post, "/users", json: #"{"username": "\#(uniqueUsername())", "password": "abc\u0000defgh"}"#)
            assertValidationError(reply, ["password"])
        }
    }

    func testPasswordsMayContainColons() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "pass:word:with:colons")
            try assertUser(try await api.raw(.get, "/users", auth: account.authorization), .ok, username: account.username)
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "pass")))
        }
    }

    func testSignUpListsEveryOffendingField() async throws {
        try await withServer { api in
            assertValidationError(try await api.request(.post, "/users", json: "{}"), ["username", "password"])
            assertValidationError(try await api.request(.post, "/users", json: #"{"username": "a", "password": "short"}"#), ["username", "password"])
            assertValidationError(
                try await api.request(.post, "/users", json: #"{"username": null, "password": null}"#), ["username", "password"])
            assertValidationError(
                try await api.request(.post, "/users", json: #"{"username": 12345, "password": true}"#), ["username", "password"])
        }
    }

    func testSignUpRejectsUnknownFields() async throws {
        try await withServer { api in
            let username = uniqueUsername()
            let reply = try await api.request(
                .post, "/users", json: #"{"username": "\#(username)", "password": "correct horse", "email": "a@b.c"}"#)
            assertValidationError(reply, ["email"])
            // Nothing was created: the name is still free.
            _ = try await api.signUp(username)
        }
    }

    func testSignUpIgnoresRenderedFields() async throws {
        try await withServer { api in
            let username = uniqueUsername()
            let reply = try await api.request(
                .post, "/users",
                json: #"{"username": "\#(username)", "password": "correct horse", "_id": "65a1f0c2e4b0a1b2c3d4e5f6", "created_at": "2000-01-01T00:00:00.000Z"}"#)
            let user = try assertUser(reply, .created, username: username)
            XCTAssertNotEqual(user._id, "65a1f0c2e4b0a1b2c3d4e5f6")
            XCTAssertNotEqual(user.created_at, "2000-01-01T00:00:00.000Z")
        }
    }

    // MARK: GET /users

    func testGetUsersVerifiesCredentials() async throws {
        try await withServer { api in
            let username = uniqueUsername()
            let signUp = try await api.signUpRequest(username, "correct horse")
            let created = try assertUser(signUp, .created)
            let reply = try await api.raw(.get, "/users", auth: basic(username, "correct horse"))
            let user = try assertUser(reply, .ok, username: username, password: "correct horse")
            XCTAssertEqual(user, created)
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(username, "correct hors")))
            assertUnauthorized(try await api.raw(.get, "/users"))
        }
    }

    // MARK: PATCH /users

    func testPasswordChange() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "old password")
            let reply = try await api.request(.patch, "/users", as: account, json: #"{"password": "new password"}"#)
            let user = try assertUser(reply, .ok, username: account.username, password: "new password")
            XCTAssertEqual(user._id, account.id)
            // The old password stops working at once; the new one works.
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "old password")))
            let after = try assertUser(try await api.raw(.get, "/users", auth: basic(account.username, "new password")), .ok)
            XCTAssertEqual(after, user)
        }
    }

    func testPasswordChangeValidation() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "old password")
            assertValidationError(try await api.request(.patch, "/users", as: account, json: "{}"), ["password"])
            assertValidationError(try await api.request(.patch, "/users", as: account, json: #"{"password": null}"#), ["password"])
            assertValidationError(try await api.request(.patch, "/users", as: account, json: #"{"password": "short"}"#), ["password"])
            assertValidationError(
                try await api.request(.patch, "/users", as: account, json: #"{"password": "\#(String(repeating: "p", count: 73))"}"#), ["password"])
            assertValidationError(try await api.request(.patch, "/users", as: account, json: #"{"password": "nul\u0000password"}"#), ["password"])
            assertValidationError(
                try await api.request(.patch, "/users", as: account, json: #"{"password": "new password", "nickname": "x"}"#), ["nickname"])
            // None of those changed anything.
            assertStatus(try await api.raw(.get, "/users", auth: account.authorization), .ok)
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "new password")))
        }
    }

    func testPasswordChangeIgnoresRenderedFields() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "old password")
            let reply = try await api.request(
                .patch, "/users", as: account,
                json: #"{"password": "new password", "username": "someone_else", "_id": "65a1f0c2e4b0a1b2c3d4e5f6", "created_at": "2000-01-01T00:00:00.000Z"}"#)
            let user = try assertUser(reply, .ok, username: account.username)
            XCTAssertEqual(user._id, account.id)
            try assertUser(try await api.raw(.get, "/users", auth: basic(account.username, "new password")), .ok, username: account.username)
        }
    }

    func testPasswordChangeNeedsCredentials() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "old password")
            assertUnauthorized(try await api.request(.patch, "/users", json: #"{"password": "new password"}"#))
            assertUnauthorized(
                try await api.raw(.patch, "/users", auth: basic(account.username, "wrong password"), headers: [.contentType: "application/json"],
                                  body: ByteBuffer(string: #"{"password": "new password"}"#)))
            assertStatus(try await api.raw(.get, "/users", auth: account.authorization), .ok)
        }
    }

    // MARK: DELETE /users

    func testDeleteUserDeletesTheirTripsOnly() async throws {
        try await withServer { api in
            let doomed = try await api.signUp()
            let other = try await api.signUp()
            let doomedTrips = [
                try await api.createTrip(doomed, name: "one"),
                try await api.createTrip(doomed, name: "two"),
            ]
            let otherTrip = try await api.createTrip(other, name: "kept")

            let reply = try await api.request(.delete, "/users", as: doomed)
            XCTAssertEqual(reply.status, .noContent, reply.text)
            XCTAssertEqual(reply.body.readableBytes, 0)

            // The credentials are gone.
            assertUnauthorized(try await api.request(.get, "/users", as: doomed))
            assertUnauthorized(try await api.request(.get, "/trips", as: doomed))
            assertUnauthorized(try await api.request(.delete, "/users", as: doomed))

            // The name is free again; the new user sees none of the old trips.
            let reborn = try await api.signUp(doomed.username)
            XCTAssertNotEqual(reborn.id, doomed.id)
            let rebornTrips = try await api.listTrips(reborn).trips
            XCTAssertEqual(rebornTrips.map(\._id), [])
            for trip in doomedTrips {
                assertError(try await api.request(.get, trip.path, as: reborn), .notFound, "not_found")
            }

            // The other user's trip is untouched.
            let kept = try await api.getTrip(other, otherTrip.id)
            XCTAssertEqual(kept.body, otherTrip.body)
            XCTAssertEqual(kept.etag, otherTrip.etag)
            let otherTrips = try await api.listTrips(other).trips
            XCTAssertEqual(otherTrips.map(\._id), [otherTrip.id])
            assertStatus(try await api.request(.get, "/users", as: other), .ok)
        }
    }
}
