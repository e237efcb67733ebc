import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// Contract v1.1's sessions, row by row, on one server.
final class SessionTests: XCTestCase {
    func testSignInGivesATokenThatAuthenticatesAndIsNeverShownAgain() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let reply = try await api.request(.post, "/sessions", as: account, json: #"{"device": "  Alice's iPhone  "}"#)
            assertStatus(reply, .created)
            let created = try reply.decode(NewSessionBody.self)
            XCTAssertNotNil(created.token.wholeMatch(of: try Regex("[A-Za-z0-9_-]{43}")), "256 bits, URL-safe: \(created.token)")
            XCTAssertEqual(created.session.device, "Alice's iPhone", "trimmed")
            XCTAssertFalse(created.session.current, "Basic made the request, not a token")
            XCTAssertEqual(created.session.created_at, created.session.last_used_at)
            let created_at = try XCTUnwrap(timestampDate(created.session.created_at))
            let expires = try XCTUnwrap(timestampDate(created.session.expires_at))
            XCTAssertEqual(expires.timeIntervalSince(created_at), 30 * 24 * 3600, accuracy: 1)
            XCTAssertEqual(reply.headers[.location], "/sessions/\(created.session._id)")
            XCTAssertEqual(Set(try reply.object().keys), ["token", "session"])

            let withToken = account.with(token: created.token)
            try assertUser(try await api.request(.get, "/users", as: withToken), .ok, username: account.username.lowercased())
            let listed = try await api.sessions(withToken)
            XCTAssertEqual(listed.map(\._id), [created.session._id])
            XCTAssertTrue(listed[0].current)
            let listReply = try await api.request(.get, "/sessions", as: withToken)
            XCTAssertFalse(listReply.text.contains(created.token), "the token is shown only once")
            XCTAssertFalse(listReply.text.contains("hash"))
        }
    }

    func testSignInBodyIsOptionalAndValidated() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            for (headers, body) in [([:], nil), ([.contentType: "application/json"], ""), ([.contentType: "application/json"], "{}")] as [(HTTPFields, String?)] {
                let reply = try await api.raw(.post, "/sessions", auth: account.authorization, headers: headers, body: body.map { ByteBuffer(string: $0) })
                assertStatus(reply, .created)
                let session = try XCTUnwrap(try reply.object()["session"] as? [String: Any])
                XCTAssertTrue(session["device"] is NSNull, "device is null when not given: \(reply.text)")
            }
            for body in [#"{"device": ""}"#, #"{"device": "   "}"#, #"{"device": \#(jsonString(String(repeating: "é", count: 101)))}"#,
                         #"{"device": 7}"#, #"{"device": null}"#] {
                assertValidationError(try await api.request(.post, "/sessions", as: account, json: body), ["device"])
            }
            assertValidationError(try await api.request(.post, "/sessions", as: account, json: #"{"name": "x"}"#), ["name"])
            assertStatus(try await api.request(.post, "/sessions", as: account, json: #"{"device": \#(jsonString(String(repeating: "é", count: 100)))}"#), .created)
            // Rendered fields are ignored, so a session can be sent back as received.
            assertStatus(try await api.request(.post, "/sessions", as: account, json: #"{"device": "d", "current": true, "_id": "x"}"#), .created)
            assertError(try await api.request(.post, "/sessions", as: account, json: "[]"), .badRequest, "invalid_json")
            assertError(
                try await api.raw(.post, "/sessions", auth: account.authorization, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")),
                .unsupportedMediaType, "unsupported_media_type")
        }
    }

    func testATokenCannotMintAnotherAndWrongPasswordsCountTowardTheThrottle() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (withToken, _) = try await api.signIn(account)
            assertUnauthorized(try await api.request(.post, "/sessions", as: withToken))
            var wrong = account
            wrong.password += "!"
            for _ in 0..<10 {
                assertUnauthorized(try await api.request(.post, "/sessions", as: wrong))
            }
            assertError(try await api.request(.post, "/sessions", as: account), .tooManyRequests, "too_many_attempts")
            // The lockout is of the password, not of sessions already open.
            assertStatus(try await api.request(.get, "/users", as: withToken), .ok)
        }
    }

    func testSessionsAreListedNewestFirstWithTheCurrentOneMarked() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let other = try await api.signUp()
            _ = try await api.signIn(other)
            let (phone, first) = try await api.signIn(account, device: "phone")
            let (_, second) = try await api.signIn(account, device: "laptop")
            let byPhone = try await api.sessions(phone)
            XCTAssertEqual(byPhone.map(\._id), [second._id, first._id])
            XCTAssertEqual(byPhone.map(\.current), [false, true])
            XCTAssertEqual(byPhone.map(\.device), ["laptop", "phone"])
            let byPassword = try await api.sessions(account)
            XCTAssertEqual(byPassword.map(\.current), [false, false], "Basic has no current session")
        }
    }

    func testSignOutEndsOnlyTheCurrentToken() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (phone, _) = try await api.signIn(account)
            let (laptop, _) = try await api.signIn(account)
            assertError(try await api.request(.delete, "/sessions/current", as: account), .notFound, "not_found")
            assertStatus(try await api.request(.delete, "/sessions/current", as: phone), .noContent)
            assertUnauthorized(try await api.request(.get, "/users", as: phone))
            assertUnauthorized(try await api.request(.delete, "/sessions/current", as: phone))
            assertStatus(try await api.request(.get, "/users", as: laptop), .ok)
            let left = try await api.sessions(laptop)
            XCTAssertEqual(left.count, 1)
        }
    }

    func testRevokingOneSessionById() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let mallory = try await api.signUp()
            let (phone, phoneSession) = try await api.signIn(account)
            let (laptop, _) = try await api.signIn(account)
            let (malloryToken, _) = try await api.signIn(mallory)
            // Another user's session is indistinguishable from a missing one, and stays alive.
            assertError(try await api.request(.delete, "/sessions/\(phoneSession._id)", as: malloryToken), .notFound, "not_found")
            assertError(try await api.request(.delete, "/sessions/\(phoneSession._id)", as: mallory), .notFound, "not_found")
            assertStatus(try await api.request(.get, "/users", as: phone), .ok)
            assertError(try await api.request(.delete, "/sessions/not-an-id", as: laptop), .badRequest, "invalid_id")
            assertStatus(try await api.request(.delete, "/sessions/\(phoneSession._id.uppercased())", as: laptop), .noContent)
            assertUnauthorized(try await api.request(.get, "/users", as: phone))
            assertError(try await api.request(.delete, "/sessions/\(phoneSession._id)", as: laptop), .notFound, "not_found")
            assertStatus(try await api.request(.get, "/users", as: laptop), .ok)
        }
    }

    func testSignOutEverywhereEndsEveryTokenButNotThePassword() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (phone, _) = try await api.signIn(account)
            let (laptop, _) = try await api.signIn(account)
            assertStatus(try await api.request(.delete, "/sessions", as: phone), .noContent)
            assertUnauthorized(try await api.request(.get, "/users", as: phone))
            assertUnauthorized(try await api.request(.get, "/users", as: laptop))
            assertStatus(try await api.request(.get, "/users", as: account), .ok)
            let left = try await api.sessions(account)
            XCTAssertEqual(left, [])
        }
    }

    func testAPasswordChangeEndsEveryOtherSession() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (phone, _) = try await api.signIn(account)
            let (laptop, _) = try await api.signIn(account)
            assertStatus(try await api.request(.patch, "/users", as: phone, json: #"{"password": "a new password"}"#), .ok)
            assertStatus(try await api.request(.get, "/users", as: phone), .ok)
            assertUnauthorized(try await api.request(.get, "/users", as: laptop))
            assertUnauthorized(try await api.request(.get, "/users", as: account))
            var changed = account
            changed.password = "a new password"
            assertStatus(try await api.request(.get, "/users", as: changed), .ok)

            // Made with Basic, it leaves no session at all.
            assertStatus(try await api.request(.patch, "/users", as: changed, json: #"{"password": "yet another one"}"#), .ok)
            assertUnauthorized(try await api.request(.get, "/users", as: phone))
        }
    }

    func testAnAccountDeletionEndsEverySession() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (phone, _) = try await api.signIn(account)
            let (laptop, _) = try await api.signIn(account)
            assertStatus(try await api.request(.delete, "/users", as: laptop), .noContent)
            assertUnauthorized(try await api.request(.get, "/users", as: phone))
            assertUnauthorized(try await api.request(.get, "/trips", as: laptop))
            // Signing up again with the same name does not bring the old tokens back.
            _ = try await api.signUp(account.username)
            assertUnauthorized(try await api.request(.get, "/users", as: phone))
        }
    }

    /// Every route that takes credentials, as `GET /` lists them, accepts a token (apart from
    /// POST /sessions), so an endpoint added later is covered too.
    func testATokenWorksOnEveryProtectedEndpoint() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (withToken, _) = try await api.signIn(account)
            let trip = try await api.createTrip(account, name: "mine")
            let index = try await api.request(.get, "/").object()
            let endpoints = try XCTUnwrap(index["endpoints"] as? [[String: String]])
            let protected = endpoints.filter { $0["authentication"] != "none" }
            XCTAssertGreaterThanOrEqual(protected.count, 13)
            // Those that end the token or the account go last, each with a token of its own.
            let ending = ["DELETE /sessions/current", "DELETE /sessions", "DELETE /users"]
            func rank(_ endpoint: [String: String]) -> Int {
                ending.firstIndex(of: "\(endpoint["method"]!) \(endpoint["path"]!)") ?? -1
            }
            for endpoint in protected.sorted(by: { rank($0) < rank($1) }) {
                let method = HTTPRequest.Method(endpoint["method"]!)!
                let path = endpoint["path"]!.replacingOccurrences(of: "{id}", with: trip.id)
                let json = [.post, .put, .patch].contains(method) ? "{}" : nil
                let token = rank(endpoint) < 0 ? withToken : try await api.signIn(account).account
                let reply = try await api.request(method, path, as: token, json: json)
                if endpoint["authentication"] == "basic" {
                    assertUnauthorized(reply)
                    assertStatus(try await api.request(method, path, as: account, json: json), .created)
                } else {
                    XCTAssertEqual(endpoint["authentication"], "basic or bearer")
                    XCTAssertNotEqual(reply.status, .unauthorized, "\(method) \(path): \(reply.text)")
                    XCTAssertLessThan(reply.status.code, 500, "\(method) \(path): \(reply.text)")
                }
            }
        }
    }

    /// The issue's list of bad bearer credentials: all 401 with the contract's body and
    /// challenge, none a 5xx, none counted against a username.
    func testBadTokensAre401() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (withToken, _) = try await api.signIn(account)
            let token = try XCTUnwrap(withToken.token)
            let (deleted, _) = try await api.signIn(try await api.signUp())
            assertStatus(try await api.request(.delete, "/users", as: deleted), .noContent)
            let malformed = [
                "Bearer", "Bearer ", "Bearer  ", "bearer", "Bearer \(token.dropLast())", "Bearer \(token.dropFirst(10))",
                "Bearer \(token)x", "Bearer \(token) \(token)", "Bearer " + String(repeating: "A", count: 10 * 1024),
                "Bearer " + String(token.dropLast()) + "é", "Bearer " + String(token.dropLast()) + "=", "Bearer \(token.uppercased())",
                "Bearer " + String(repeating: "A", count: 43), "Token \(token)", "Bearer:\(token)", bearer(try XCTUnwrap(deleted.token)),
            ]
            for header in malformed {
                let reply = try await api.raw(.get, "/users", auth: header)
                assertUnauthorized(reply)
                XCTAssertFalse(reply.text.contains(token), "echoed token")
            }
            // Both schemes at once are ambiguous: neither is taken.
            var both = HTTPFields()
            both[values: .authorization] = [account.authorization, bearer(token)]
            assertUnauthorized(try await api.raw(.get, "/users", headers: both))
            // None of that locked anyone out, and the real token still works.
            assertStatus(try await api.request(.get, "/users", as: account), .ok)
            assertStatus(try await api.request(.get, "/users", as: withToken), .ok)
        }
    }

    /// Sessions expire after their idle lifetime, slide with use, and never outlive their
    /// maximum; short lifetimes here instead of a long sleep.
    func testSessionsExpireIdleSlideWithUseAndEndAtTheirMaximum() async throws {
        var arguments = TestArguments()
        arguments.sessionIdleLifetime = .seconds(2)
        arguments.sessionMaxLifetime = .seconds(4)
        try await withServer(arguments) { api in
            let account = try await api.signUp()
            let (idle, _) = try await api.signIn(account)
            let (busy, busySession) = try await api.signIn(account)
            let created = try XCTUnwrap(timestampDate(busySession.created_at))
            XCTAssertEqual(try XCTUnwrap(timestampDate(busySession.expires_at)).timeIntervalSince(created), 2, accuracy: 0.01)
            // Used every 0.6 s, the busy one outlives its 2 s idle lifetime...
            for _ in 0..<5 {
                try await Task.sleep(for: .milliseconds(600))
                assertStatus(try await api.request(.get, "/users", as: busy), .ok)
            }
            let slid = try await api.sessions(busy).first { $0.current }
            XCTAssertGreaterThan(try XCTUnwrap(timestampDate(try XCTUnwrap(slid).last_used_at)), created, "last_used_at advanced")
            // ...while the idle one, unused for 3 s, has expired (1 s of it for the cache's trust).
            assertUnauthorized(try await api.request(.get, "/users", as: idle))
            let listed = try await api.sessions(busy)
            XCTAssertEqual(listed.count, 1, "an expired session is not listed")
            // And past its 4 s maximum, even the busy one ends.
            while Date.now < created.addingTimeInterval(5.1) {
                _ = try await api.request(.get, "/users", as: busy)
                try await Task.sleep(for: .milliseconds(300))
            }
            assertUnauthorized(try await api.request(.get, "/users", as: busy))
        }
    }

    /// `last_used_at` is written at most once per 720th of the idle lifetime (an hour at 30
    /// days), never on every request.
    func testLastUsedIsNotWrittenOnEveryRequest() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (withToken, session) = try await api.signIn(account)
            for _ in 0..<5 {
                assertStatus(try await api.request(.get, "/trips", as: withToken), .ok)
            }
            let listed = try await api.sessions(withToken)
            XCTAssertEqual(listed.first?.last_used_at, session.last_used_at)
            XCTAssertEqual(listed.first?.expires_at, session.expires_at)
        }
    }
}
