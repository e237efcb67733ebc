import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// Rules for every request: content types, bodies, sizes, methods, unknown paths, service endpoints.
final class RequestRulesTests: XCTestCase {
    /// Every endpoint that takes a body, as (method, path, a valid body) for `account`.
    static func bodyEndpoints(_ trip: Trip) -> [(HTTPRequest.Method, String, String)] {
        [
            (.post, "/trips", #"{"name": "x"}"#),
            (.put, trip.path, #"{"name": "x"}"#),
            (.patch, trip.path, #"{"name": "x"}"#),
            (.patch, "/users", #"{"password": "new password"}"#),
        ]
    }

    // MARK: Content-Type

    func testBodiesNeedJSONContentType() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "new password")
            let trip = try await api.createTrip(account, name: "Original")
            for (method, path, json) in Self.bodyEndpoints(trip) + [(.post, "/users", #"{"username": "\#(uniqueUsername())", "password": "pw123456"}"#)] {
                let body = ByteBuffer(string: json)
                let contentTypes: [String?] = [
                    nil, "text/plain", "application/xml", "application/x-www-form-urlencoded", "text/json", "application/jsonx",
                    "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=latin1",
                    "application/json; charset=us-ascii",
                ]
                for contentType in contentTypes {
                    var headers: HTTPFields = [:]
                    if let contentType {
                        headers[.contentType] = contentType
                    }
                    let reply = try await api.raw(method, path, auth: account.authorization, headers: headers, body: body)
                    assertError(reply, .unsupportedMediaType, "unsupported_media_type")
                    XCTAssertEqual(reply.status, .unsupportedMediaType, "\(method) \(path) with \(contentType ?? "no content type")")
                }
                // Two fields read as one value, "application/json, text/plain": no JSON media type.
                var twice: HTTPFields = [:]
                twice[values: .contentType] = ["application/json", "text/plain"]
                let reply = try await api.raw(method, path, auth: account.authorization, headers: twice, body: body)
                XCTAssertEqual(reply.status, .unsupportedMediaType, "\(method) \(path) with two Content-Type fields")
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
            let trips = try await api.listTrips(account).trips
            XCTAssertEqual(trips.count, 1)
        }
    }

    func testJSONContentTypeVariantsAreAccepted() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "new password")
            let trip = try await api.createTrip(account, name: "Original")
            for contentType in ["application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8"] {
                let headers: HTTPFields = [.contentType: contentType]
                for (method, path, json) in Self.bodyEndpoints(trip) {
                    let reply = try await api.raw(method, path, auth: account.authorization, headers: headers, body: ByteBuffer(string: json))
                    XCTAssertTrue([200, 201].contains(reply.status.code), "\(method) \(path) with \(contentType): \(reply.status.code) \(reply.text)")
                }
                let username = uniqueUsername()
                let signUp = try await api.raw(
                    .post, "/users", headers: headers, body: ByteBuffer(string: #"{"username": "\#(username)", "password": "pw123456"}"#))
                try assertUser(signUp, .created, username: username)
            }
        }
    }

    // MARK: Bodies that are not JSON objects

    func testEmptyBodyWithJSONContentTypeIs400() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "new password")
            let trip = try await api.createTrip(account, name: "Original")
            for (method, path, _) in Self.bodyEndpoints(trip) + [(.post, "/users", "")] {
                let reply = try await api.raw(method, path, auth: account.authorization, headers: [.contentType: "application/json"], body: ByteBuffer())
                assertError(reply, .badRequest, "invalid_json")
                // No body at all, not even a Content-Length.
                let none = try await api.raw(method, path, auth: account.authorization, headers: [.contentType: "application/json"])
                assertError(none, .badRequest, "invalid_json")
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
        }
    }

    func testBodiesThatAreNotJSONObjectsAre400() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "new password")
            let trip = try await api.createTrip(account, name: "Original")
            let bodies: [[UInt8]] = [
                Array("[]".utf8), Array(#"[{"name": "x"}]"#.utf8), Array(#""name""#.utf8), Array("42".utf8), Array("null".utf8),
                Array("true".utf8), Array("{".utf8), Array(#"{"name": "x""#.utf8), Array("{name: 'x'}".utf8), Array("not json".utf8), Array(#"{"name": "x"} {"name": "y"}"#.utf8), Array(" ".utf8),
                Array(#"{"name": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8),  // Latin-1 é: not UTF-8
                [0xFF, 0xFE] + Array(#"{"name": "x"}"#.utf8),
            ]
            for (method, path, _) in Self.bodyEndpoints(trip) + [(.post, "/users", "")] {
                for bytes in bodies {
                    var buffer = ByteBuffer()
                    buffer.writeBytes(bytes)
                    let reply = try await api.raw(method, path, auth: account.authorization, headers: [.contentType: "application/json"], body: buffer)
                    XCTAssertEqual(reply.status, .badRequest, "\(method) \(path) \(String(decoding: bytes, as: UTF8.self))")
                    assertError(reply, .badRequest, "invalid_json")
                }
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
            let trips = try await api.listTrips(account).trips
            XCTAssertEqual(trips.count, 1)
        }
    }

    /// RFC 8259 has no trailing commas (Foundation's parser on Linux accepts them).
    func testTrailingCommasAreInvalidJSON() async throws {
        try await withServer { api in
            let account = try await api.signUp(password: "new password")
            let trip = try await api.createTrip(account, name: "Original")
            let bodies = [
                #"{"name": "x",}"#, #"{"name": "x", "waypoints": [{"name": "a", "latitude": 0, "longitude": 0},]}"#,
                #"{"password": "new password",}"#, #"{"username": "\#(uniqueUsername())", "password": "new password",}"#,
            ]
            for (method, path, _) in Self.bodyEndpoints(trip) + [(.post, "/users", "")] {
                for body in bodies {
                    let reply = try await api.raw(
                        method, path, auth: account.authorization, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
                    XCTAssertEqual(reply.status, .badRequest, "\(method) \(path) \(body)")
                    assertError(reply, .badRequest, "invalid_json")
                }
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
        }
    }

    // MARK: Size

    func testBodyOverOneMebibyteIs413() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            let mebibyte = 1 << 20
            // Exactly 1 MiB of valid JSON is fine (white space pads it).
            let small = #"{"name": "Exactly one MiB"}"#
            let exact = small + String(repeating: " ", count: mebibyte - small.utf8.count)
            XCTAssertEqual(exact.utf8.count, mebibyte)
            let fits = try await api.withConnection { connection in
                try await connection.request(.post, "/trips", as: account, json: exact)
            }
            try assertTrip(fits, .created)

            for (method, path) in [(HTTPRequest.Method.post, "/trips"), (.put, trip.path), (.patch, trip.path)] {
                let over = exact + " "
                let reply = try await api.withConnection { connection in
                    try await connection.request(method, path, as: account, json: over)
                }
                assertError(reply, .contentTooLarge, "payload_too_large")
                // Several MiB too.
                let huge = #"{"name": ""# + String(repeating: "a", count: 4 * mebibyte) + #""}"#
                let hugeReply = try await api.withConnection { connection in
                    try await connection.request(method, path, as: account, json: huge)
                }
                assertError(hugeReply, .contentTooLarge, "payload_too_large")
            }
            // Credentials are checked before the size.
            let anonymous = try await api.withConnection { connection in
                try await connection.request(.post, "/trips", json: exact + " ")
            }
            assertUnauthorized(anonymous)

            let signUp = try await api.withConnection { connection in
                try await connection.request(
                    .post, "/users", json: #"{"username": "\#(uniqueUsername())", "password": ""# + String(repeating: "p", count: mebibyte) + #""}"#)
            }
            assertError(signUp, .contentTooLarge, "payload_too_large")

            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
        }
    }

    // MARK: Methods

    func testUnsupportedMethodsAre405WithAllow() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            let cases: [(String, Set<String>, [HTTPRequest.Method])] = [
                ("/", ["GET"], [.post, .put, .patch, .delete]),
                ("/health", ["GET"], [.post, .put, .patch, .delete]),
                ("/users", ["GET", "POST", "PATCH", "DELETE"], [.put]),
                ("/trips", ["GET", "POST"], [.put, .patch, .delete]),
                (trip.path, ["GET", "PUT", "PATCH", "DELETE"], [.post]),
                ("/trips/xyz", ["GET", "PUT", "PATCH", "DELETE"], [.post]),
                ("/trips/" + trip.id.uppercased(), ["GET", "PUT", "PATCH", "DELETE"], [.post]),
            ]
            for (path, allowed, methods) in cases {
                for method in methods {
                    // No credentials, wrong credentials, right credentials: always 405 first, body or not.
                    for auth in [nil, basic(uniqueUsername("ghost"), "wrong password"), account.authorization] as [String?] {
                        for body in [nil, ByteBuffer(string: "{")] as [ByteBuffer?] {
                            let reply = try await api.raw(method, path, auth: auth, headers: body == nil ? [:] : [.contentType: "text/plain"], body: body)
                            XCTAssertEqual(reply.status, .methodNotAllowed, "\(method) \(path)")
                            assertError(reply, .methodNotAllowed, "method_not_allowed")
                            XCTAssertEqual(allowSet(reply), allowed, "Allow for \(method) \(path): \(reply.headers[.allow] ?? "none")")
                        }
                    }
                }
            }
            let after = try await api.getTrip(account, trip.id)
            XCTAssertEqual(after.etag, trip.etag)
        }
    }

    // MARK: Unknown paths

    func testUnknownPathsAre404() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            for path in ["/nope", "/user", "/trips/\(trip.id)/waypoints", "/users/\(account.id)", "/trip", "/healthz"] {
                for auth in [nil, account.authorization] as [String?] {
                    let reply = try await api.raw(.get, path, auth: auth)
                    assertError(reply, .notFound, "not_found")
                }
            }
        }
    }

    // MARK: Service endpoints

    func testRootDescribesTheService() async throws {
        try await withServer { api in
            let reply = try await api.raw(.get, "/")
            XCTAssertEqual(reply.status, .ok)
            assertJSONContentType(reply)
            let object = try reply.object()
            XCTAssertFalse(object.isEmpty, reply.text)
        }
    }

    func testHealthIsOk() async throws {
        try await withServer { api in
            let reply = try await api.raw(.get, "/health")
            XCTAssertEqual(reply.status, .ok)
            assertJSONContentType(reply)
            let object = try reply.object()
            XCTAssertEqual(object["status"] as? String, "ok", reply.text)
            // No credentials needed, and wrong ones do not matter.
            assertStatus(try await api.raw(.get, "/health", auth: basic(uniqueUsername("ghost"), "wrong password")), .ok)
            assertStatus(try await api.raw(.get, "/", auth: "Bearer nonsense"), .ok)
        }
    }

    // MARK: Content type of every body

    func testEveryBodyIsJSON() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            let replies = [
                try await api.raw(.get, "/"),
                try await api.raw(.get, "/health"),
                try await api.request(.get, "/users", as: account),
                try await api.request(.get, "/trips", as: account),
                try await api.request(.get, trip.path, as: account),
                try await api.request(.patch, trip.path, as: account, json: "{}"),
                try await api.raw(.get, "/users"),
                try await api.raw(.get, "/nope"),
                try await api.raw(.put, "/users"),
                try await api.request(.post, "/trips", as: account, json: "{"),
                try await api.request(.post, "/trips", as: account, json: "{}"),
                try await api.request(.get, "/trips/xyz", as: account),
                try await api.request(.get, "/trips?limit=0", as: account),
                try await api.raw(.post, "/trips", auth: account.authorization, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")),
            ]
            for reply in replies {
                XCTAssertGreaterThan(reply.body.readableBytes, 0, "\(reply.status.code)")
                assertJSONContentType(reply)
                XCTAssertNoThrow(try JSONSerialization.jsonObject(with: reply.data), reply.text)
            }
        }
    }
}
