import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import TripPlanner

/// HTTP Basic authentication on every protected endpoint. (Throttling is not tested here.)
final class AuthenticationTests: XCTestCase {
    /// Every protected method and path, with a body where the method takes one.
    static func protectedRequests(tripPath: String) -> [(HTTPRequest.Method, String, String?)] {
        [
            (.get, "/users", nil),
            (.patch, "/users", #"{"password": "new password"}"#),
            (.delete, "/users", nil),
            (.get, "/trips", nil),
            (.post, "/trips", #"{"name": "x"}"#),
            (.get, tripPath, nil),
            (.put, tripPath, #"{"name": "x"}"#),
            (.patch, tripPath, #"{"name": "x"}"#),
            (.delete, tripPath, nil),
        ]
    }

    func testMissingCredentialsAre401OnEveryProtectedEndpoint() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "mine")
            for (method, path, json) in Self.protectedRequests(tripPath: trip.path) {
                let reply = try await api.request(method, path, json: json)
                assertUnauthorized(reply)
                XCTAssertEqual(reply.status, .unauthorized, "\(method) \(path)")
            }
            // Nothing was changed or deleted.
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
            assertStatus(try await api.request(.get, "/users", as: account), .ok)
        }
    }

    func testWrongPasswordIs401OnEveryProtectedEndpoint() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "mine")
            let wrong = Account(username: account.username, password: account.password + "!", id: account.id)
            for (method, path, json) in Self.protectedRequests(tripPath: trip.path) {
                let reply = try await api.request(method, path, as: wrong, json: json)
                XCTAssertEqual(reply.status, .unauthorized, "\(method) \(path)")
                assertUnauthorized(reply)
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
        }
    }

    func testMalformedCredentialsAre401() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let valid = Data("\(account.username):\(account.password)".utf8).base64EncodedString()
            let malformed = [
                "Basic",
                "Basic ",
                "Basic !!!not-base64!!!",
                "Basic " + String(valid.dropLast(2)) + "*=",
                basic(bytes: Array(account.username.utf8)),  // no colon
                basic(bytes: Array(account.username.utf8) + [0x3A, 0xFF, 0xFE] + Array(account.password.utf8)),  // invalid UTF-8
                basic(bytes: [0xC3, 0x28] + Array(account.username.utf8) + [0x3A] + Array(account.password.utf8)),
                "Bearer " + valid,
                "Digest " + valid,
                valid,
            ]
            for header in malformed {
                let reply = try await api.raw(.get, "/users", auth: header)
                XCTAssertEqual(reply.status, .unauthorized, header)
                assertUnauthorized(reply)
            }
            // The well-formed header works, so the failures above are about the form.
            assertStatus(try await api.raw(.get, "/users", auth: "Basic " + valid), .ok)
        }
    }

    func testUnknownUserIsIndistinguishableFromWrongPassword() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            for (method, path) in [(HTTPRequest.Method.get, "/users"), (.get, "/trips"), (.delete, "/trips/65a1f0c2e4b0a1b2c3d4e5f6")] {
                let wrongPassword = try await api.raw(method, path, auth: basic(account.username, "wrong password"))
                let unknownUser = try await api.raw(method, path, auth: basic(uniqueUsername("nobody"), "wrong password"))
                assertUnauthorized(wrongPassword)
                assertUnauthorized(unknownUser)
                XCTAssertEqual(wrongPassword.status, unknownUser.status)
                XCTAssertEqual(wrongPassword.text, unknownUser.text, "bodies differ")
                XCTAssertEqual(sharedHeaders(wrongPassword), sharedHeaders(unknownUser), "headers differ")
            }
        }
    }

    func testPasswordOver72BytesNeverAuthenticates() async throws {
        try await withServer { api in
            let password = String(repeating: "p", count: 72)
            let account = try await api.signUp(password: password)
            assertStatus(try await api.raw(.get, "/users", auth: account.authorization), .ok)
            // bcrypt alone would ignore everything after byte 72.
            for longer in [password + "p", password + "x", password + String(repeating: "z", count: 100)] {
                assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, longer)))
            }
            // A password with NUL never authenticates either.
            let short = try await api.signUp(password: "password")
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(short.username, "password\u{0}")))
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(short.username, "password\u{0}extra")))
            assertStatus(try await api.raw(.get, "/users", auth: short.authorization), .ok)
        }
    }

    func testCredentialsAreSplitAtTheFirstColonAndDecodedAsUTF8() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "ünïcödé:pässwörd")
            let user = try assertUser(try await api.raw(.get, "/users", auth: account.authorization), .ok, username: account.username)
            XCTAssertEqual(user._id, account.id)
            // Split at the last colon, the password would be "pässwörd".
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "pässwörd")))
            // The same characters in Latin-1 are not the password.
            let latin1 = Array(account.username.utf8) + [0x3A] + Array("ünïcödé:pässwörd".data(using: .isoLatin1)!)
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(bytes: latin1)))
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "ünïcödé")))
        }
    }

    func testUsernameIsCaseInsensitiveButPasswordIsNot() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "Correct Horse")
            assertStatus(try await api.raw(.get, "/users", auth: basic(account.username.uppercased(), "Correct Horse")), .ok)
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "correct horse")))
            assertUnauthorized(try await api.raw(.get, "/users", auth: basic(account.username, "CORRECT HORSE")))
        }
    }

    /// Missing or wrong credentials are checked before the body, its content type and the id.
    func testCredentialsAreCheckedBeforeEverythingElse() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "mine")
            // Failed logins are throttled per username after 10 failures: spread the wrong
            // passwords over two other users, and use a fresh unknown username each time.
            let victims = [try await api.signUp(), try await api.signUp()]
            let counter = Counter()
            let credentials: [@Sendable () -> String?] = [
                { nil },
                { basic(uniqueUsername("ghost"), "wrong password") },
                { basic(victims[counter.next() % 2].username, "wrong password") },
            ]
            for makeAuth in credentials {
                var auth: String? { makeAuth() }
                // 415 would come next: no content type, another content type, another charset.
                assertUnauthorized(try await api.raw(.post, "/trips", auth: auth, body: ByteBuffer(string: #"{"name": "x"}"#)))
                assertUnauthorized(
                    try await api.raw(.post, "/trips", auth: auth, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")))
                assertUnauthorized(
                    try await api.raw(
                        .put, trip.path, auth: auth, headers: [.contentType: "application/json; charset=iso-8859-1"],
                        body: ByteBuffer(string: #"{"name": "x"}"#)))
                // 400 would come next: invalid JSON, empty body, invalid fields, malformed id.
                let json: HTTPFields = [.contentType: "application/json"]
                assertUnauthorized(try await api.raw(.post, "/trips", auth: auth, headers: json, body: ByteBuffer(string: "{")))
                assertUnauthorized(try await api.raw(.post, "/trips", auth: auth, headers: json, body: ByteBuffer()))
                assertUnauthorized(try await api.raw(.post, "/trips", auth: auth, headers: json, body: ByteBuffer(string: #"{"foo": 1}"#)))
                assertUnauthorized(try await api.raw(.patch, "/users", auth: auth, headers: json, body: ByteBuffer(string: #"{"password": "x"}"#)))
                assertUnauthorized(try await api.raw(.get, "/trips/xyz", auth: auth))
                assertUnauthorized(try await api.raw(.delete, "/trips/xyz", auth: auth))
                assertUnauthorized(try await api.raw(.patch, "/trips/xyz", auth: auth, headers: json, body: ByteBuffer(string: "{")))
                assertUnauthorized(try await api.raw(.get, "/trips?limit=0&bogus=1", auth: auth))
                // 404 and 412 would come next.
                assertUnauthorized(try await api.raw(.get, "/trips/65a1f0c2e4b0a1b2c3d4e5f6", auth: auth))
                assertUnauthorized(try await api.raw(.delete, trip.path, auth: auth, headers: [.ifMatch: #""stale""#]))
                // 304 would come next.
                assertUnauthorized(try await api.raw(.get, trip.path, auth: auth, headers: [.ifNoneMatch: trip.etag]))
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
        }
    }
}

/// A response's header fields without `Date` and `X-Request-Id`, which differ between two responses.
func sharedHeaders(_ reply: Reply) -> [String] {
    reply.headers.filter { $0.name != .date && $0.name != .requestID }.map { "\($0.name.canonicalName): \($0.value)" }.sorted()
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
