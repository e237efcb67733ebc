import Foundation
import Hummingbird
import Synchronization
import XCTest

@testable import TripPlanner

/// No password, password hash, session token, token hash or `Authorization` value in any log line at any level: the application's,
/// Hummingbird's or libmongoc's, through every path that handles one.
final class LogSecretsTests: XCTestCase {
    func testPasswordsAndHashesNeverAppearInLogsAtTraceLevel() async throws {
        var arguments = TestArguments()
        arguments.logLevel = .trace
        let marker = String(UInt64.random(in: .min ... .max), radix: 36)
        let original = "pw-original-\(marker)"
        let changed = "pw-changed-\(marker)"
        let wrong = "pw-wrong-\(marker)"
        let tooShort = "Q~\(marker.prefix(4))"
        let tooLong = "pw-long-\(marker)-" + String(repeating: "z", count: 80)
        let inBadJSON = "pw-badjson-\(marker)"
        let username = uniqueUsername("secrets")
        let lockedOut = uniqueUsername("locked")
        let secrets = [original, changed, wrong, tooShort, tooLong, inBadJSON]
            + [(username, original), (username, changed), (username, wrong), (lockedOut, original), (lockedOut, wrong)]
            .map { basic($0, $1).dropFirst("Basic ".count).description }

        let lines = try await LogCapture.record {
            try await withServer(arguments) { api in
                var account = try await api.signUp(username, password: original)
                assertStatus(try await api.request(.get, "/users", as: account), .ok)
                assertStatus(try await api.request(.get, "/users", as: account), .ok)
                assertUnauthorized(try await api.raw(.get, "/users", auth: basic(username, wrong)))

                assertValidationError(try await api.signUpRequest(uniqueUsername(), tooShort), ["password"])
                assertValidationError(try await api.signUpRequest(uniqueUsername(), tooLong), ["password"])
                let badJSON = #"{"username": "\#(uniqueUsername())", "password": "\#(inBadJSON)",}"#
                assertError(try await api.request(.post, "/users", json: badJSON), .badRequest, "invalid_json")
                assertValidationError(
                    try await api.request(.patch, "/users", as: account, json: #"{"password": \#(jsonString(tooShort))}"#), ["password"])

                assertStatus(try await api.request(.patch, "/users", as: account, json: #"{"password": \#(jsonString(changed))}"#), .ok)
                assertUnauthorized(try await api.request(.get, "/users", as: account))
                account.password = changed
                assertStatus(try await api.request(.get, "/users", as: account), .ok)

                let locked = try await api.signUp(lockedOut, password: original)
                for _ in 0..<10 {
                    assertUnauthorized(try await api.raw(.get, "/users", auth: basic(lockedOut, wrong)))
                }
                assertError(try await api.request(.get, "/users", as: locked), .tooManyRequests, "too_many_attempts")
                assertStatus(try await api.request(.delete, "/users", as: account), .noContent)
            }
        }

        // The capture must have seen the requests, at trace level, or the absence below proves nothing.
        let statuses = Set(lines.filter { $0.message == "request" }.compactMap { $0.metadata["http.status"]?.description })
        XCTAssertEqual(statuses, ["200", "201", "204", "400", "401", "429"])
        XCTAssertTrue(lines.contains { $0.level == .trace }, "nothing captured at trace level")
        for line in lines {
            let text = line.description
            for secret in secrets where text.contains(secret) {
                XCTFail("a password or credentials in a log line: \(text)")
            }
            for hashPrefix in ["$2a$", "$2b$", "$2y$"] where text.contains(hashPrefix) {
                XCTFail("a bcrypt hash in a log line: \(text)")
            }
        }
    }

    func testTokensTheirHashesAndAuthorizationValuesNeverAppearInLogsAtTraceLevel() async throws {
        var arguments = TestArguments()
        arguments.logLevel = .trace
        let marker = String(UInt64.random(in: .min ... .max), radix: 36)
        let password = "pw-\(marker)"
        let seen = Mutex<[String]>([])
        let lines = try await LogCapture.record {
            try await withServer(arguments) { api in
                let account = try await api.signUp(uniqueUsername("tokens"), password: password)
                let (phone, phoneSession) = try await api.signIn(account, device: "phone")
                let (laptop, _) = try await api.signIn(account)
                let (tablet, _) = try await api.signIn(account)
                assertStatus(try await api.request(.get, "/trips", as: phone), .ok)
                assertStatus(try await api.request(.get, "/sessions", as: laptop), .ok)
                assertUnauthorized(try await api.request(.post, "/sessions", as: phone))
                assertUnauthorized(try await api.raw(.get, "/users", auth: bearer(String(phone.token!.dropLast()) + "x")))
                assertUnauthorized(try await api.raw(.get, "/users", auth: bearer(String(phone.token!.dropLast()))))
                assertError(try await api.request(.delete, "/sessions/current", as: account), .notFound, "not_found")
                assertStatus(try await api.request(.delete, "/sessions/\(phoneSession._id)", as: laptop), .noContent)
                assertUnauthorized(try await api.request(.get, "/users", as: phone))
                assertStatus(try await api.request(.patch, "/users", as: laptop, json: #"{"password": "pw-new-\#(marker)"}"#), .ok)
                assertUnauthorized(try await api.request(.get, "/users", as: tablet))
                assertStatus(try await api.request(.delete, "/sessions/current", as: laptop), .noContent)
                seen.withLock { $0 = [phone, laptop, tablet].compactMap(\.token) + [String(phone.token!.dropLast()) + "x"] }
            }
        }
        let tokens = seen.withLock { $0 }
        XCTAssertEqual(tokens.count, 4)
        let statuses = Set(lines.filter { $0.message == "request" }.compactMap { $0.metadata["http.status"]?.description })
        XCTAssertEqual(statuses, ["200", "201", "204", "401", "404"])
        XCTAssertTrue(lines.contains { $0.level == .trace }, "nothing captured at trace level")
        let secrets = tokens + tokens.compactMap { SessionToken($0[...])?.hash } + tokens.map { String($0.prefix(16)) } + [password]
        for line in lines {
            let text = line.description
            for secret in secrets where text.contains(secret) {
                XCTFail("a token, token hash or password in a log line: \(text)")
            }
            XCTAssertFalse(text.lowercased().contains("bearer "), "an Authorization value in a log line: \(text)")
        }
    }
}
