import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TripPlanner
import XCTest

// The vocabulary of the HTTP contract tests: a live server on the real database, requests
// with or without credentials, and the response shapes that docs/API.md fixes.

// MARK: - Running a server

/// An application built as the server builds it, logging through `LogCapture`'s backend at the
/// arguments' level, with a metrics registry of its own.
func buildTestApplication(_ arguments: TestArguments = TestArguments()) async throws -> some ApplicationProtocol {
    LogCapture.installBackend()
    var logger = Logger(label: "trip-planner")
    logger.logLevel = arguments.logLevel
    return try await buildApplication(arguments, logger: logger, metrics: .tripPlanner())
}

/// Runs `body` against a freshly built application, served over real HTTP from the event loops'
/// threads, as `trip-planner` serves it.
func withServer(_ arguments: TestArguments = TestArguments(), _ body: @escaping @Sendable (API) async throws -> Void) async throws {
    let application = try await buildTestApplication(arguments)
    try await withTaskExecutorPreference(EventLoopTaskExecutor.singleton) {
        try await application.test(.live) { client in
            try await body(API(client: client))
        }
    }
}

// MARK: - Responses

/// One HTTP response, as the tests look at it.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    var data: Data { Data(body.readableBytesView) }
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
    var etag: String? { headers[.eTag] }

    /// The body as a JSON object, failing the test (and throwing) when it is not one.
    func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any] else {
            XCTFail("Expected a JSON object body, got \(status.code) \(text)", file: file, line: line)
            throw TestFailure.unexpectedBody
        }
        return object
    }

    /// The body decoded as `type`; also checks the JSON content type.
    func decode<T: Decodable>(_ type: T.Type, file: StaticString = #filePath, line: UInt = #line) throws -> T {
        assertJSONContentType(self, file: file, line: line)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            XCTFail("Cannot decode \(type) from \(status.code) \(text): \(error)", file: file, line: line)
            throw error
        }
    }

    /// The error object of an error response.
    var error: ErrorBody.Detail? { (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error }
}

enum TestFailure: Error {
    case unexpectedStatus
    case unexpectedBody
}

struct ErrorBody: Decodable {
    struct Field: Decodable {
        var path: String
        var message: String
    }

    struct Detail: Decodable {
        var code: String
        var message: String
        var fields: [Field]?
    }

    var error: Detail
}

struct UserBody: Decodable, Equatable {
    var _id: String
    var username: String
    var created_at: String
}

struct Waypoint: Codable, Equatable {
    var name: String
    var latitude: Double
    var longitude: Double
}

struct TripBody: Decodable, Equatable {
    var _id: String
    var owner: String
    var name: String
    var completed: Bool
    var waypoints: [Waypoint]
    var created_at: String
    var updated_at: String
}

struct TripPage: Decodable {
    var trips: [TripBody]
    var next: String?
}

struct SessionBody: Decodable, Equatable {
    var _id: String
    var device: String?
    var created_at: String
    var last_used_at: String
    var expires_at: String
    var current: Bool
}

struct NewSessionBody: Decodable {
    var token: String
    var session: SessionBody
}

struct SessionListBody: Decodable {
    var sessions: [SessionBody]
}

func assertSessionFormats(_ session: SessionBody, file: StaticString = #filePath, line: UInt = #line) {
    assertObjectId(session._id, file: file, line: line)
    assertTimestamp(session.created_at, file: file, line: line)
    assertTimestamp(session.last_used_at, file: file, line: line)
    assertTimestamp(session.expires_at, file: file, line: line)
}

/// A trip as the server returned it, with its ETag.
struct Trip: Sendable {
    var body: TripBody
    var etag: String
    var id: String { body._id }
    var path: String { "/trips/\(body._id)" }
}

// MARK: - Assertions on the contract's formats

let jsonContentType = "application/json; charset=utf-8"
let wwwAuthenticate = #"Basic realm="trip-planner""#

func assertJSONContentType(_ reply: Reply, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(reply.headers[.contentType], jsonContentType, "Content-Type of a \(reply.status.code) body", file: file, line: line)
}

func assertStatus(_ reply: Reply, _ status: HTTPResponse.Status, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(reply.status, status, "body: \(reply.text)", file: file, line: line)
}

/// Asserts an error response: status, JSON content type, `{"error": {"code", "message"}}`, and
/// for validation errors the exact set of offending field paths.
func assertError(
    _ reply: Reply, _ status: HTTPResponse.Status, _ code: String, fields: Set<String>? = nil,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(reply.status, status, "body: \(reply.text)", file: file, line: line)
    assertJSONContentType(reply, file: file, line: line)
    guard let error = reply.error else {
        XCTFail("Expected an error body, got \(reply.text)", file: file, line: line)
        return
    }
    XCTAssertEqual(error.code, code, reply.text, file: file, line: line)
    XCTAssertFalse(error.message.trimmingCharacters(in: .whitespaces).isEmpty, "empty error message", file: file, line: line)
    if let fields {
        let paths = (error.fields ?? []).map(\.path)
        XCTAssertEqual(Set(paths), fields, "error.fields paths in \(reply.text)", file: file, line: line)
        for field in error.fields ?? [] {
            XCTAssertFalse(field.message.isEmpty, "empty message for \(field.path)", file: file, line: line)
        }
    }
    if status == .unauthorized {
        XCTAssertEqual(reply.headers[.wwwAuthenticate], wwwAuthenticate, file: file, line: line)
    }
}

func assertValidationError(_ reply: Reply, _ fields: Set<String>, file: StaticString = #filePath, line: UInt = #line) {
    assertError(reply, .badRequest, "validation_failed", fields: fields, file: file, line: line)
}

func assertUnauthorized(_ reply: Reply, file: StaticString = #filePath, line: UInt = #line) {
    assertError(reply, .unauthorized, "unauthorized", file: file, line: line)
}

/// 24 lower-case hex characters.
func assertObjectId(_ text: String?, file: StaticString = #filePath, line: UInt = #line) {
    guard let text else { return XCTFail("missing id", file: file, line: line) }
    XCTAssertNotNil(text.wholeMatch(of: try! Regex("[0-9a-f]{24}")), "not an ObjectId: \(text)", file: file, line: line)
}

/// RFC 3339 UTC with exactly three fractional digits and `Z`.
func assertTimestamp(_ text: String?, file: StaticString = #filePath, line: UInt = #line) {
    guard let text else { return XCTFail("missing timestamp", file: file, line: line) }
    let pattern = try! Regex(#"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"#)
    XCTAssertNotNil(text.wholeMatch(of: pattern), "not an RFC 3339 millisecond UTC timestamp: \(text)", file: file, line: line)
    XCTAssertNotNil(timestampDate(text), "not a valid date: \(text)", file: file, line: line)
}

func timestampDate(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
}

/// No password, hash or bcrypt string anywhere in a response.
func assertNoSecrets(_ reply: Reply, password: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
    let text = reply.text
    for marker in ["$2a$", "$2b$", "$2y$", "$2x$"] {
        XCTAssertFalse(text.contains(marker), "bcrypt hash in response: \(text)", file: file, line: line)
    }
    if let password {
        XCTAssertFalse(text.contains(password), "password in response: \(text)", file: file, line: line)
    }
    if reply.status.code < 300, let object = try? JSONSerialization.jsonObject(with: reply.data) as? [String: Any] {
        for key in object.keys {
            XCTAssertFalse(key.lowercased().contains("password") || key.lowercased().contains("hash"), "key \(key) in \(text)", file: file, line: line)
        }
    }
}

/// Checks a user body: 200/201, JSON, `_id`, `username`, `created_at` in their formats, no secrets.
@discardableResult
func assertUser(
    _ reply: Reply, _ status: HTTPResponse.Status, username: String? = nil, password: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) throws -> UserBody {
    guard reply.status == status else {
        XCTFail("Expected \(status.code), got \(reply.status.code) \(reply.text)", file: file, line: line)
        throw TestFailure.unexpectedStatus
    }
    let user = try reply.decode(UserBody.self, file: file, line: line)
    assertObjectId(user._id, file: file, line: line)
    assertTimestamp(user.created_at, file: file, line: line)
    if let username {
        XCTAssertEqual(user.username, username, file: file, line: line)
    }
    assertNoSecrets(reply, password: password, file: file, line: line)
    return user
}

/// Checks a single-trip response: status, JSON, the trip's shape and formats, a strong ETag.
@discardableResult
func assertTrip(_ reply: Reply, _ status: HTTPResponse.Status, file: StaticString = #filePath, line: UInt = #line) throws -> Trip {
    guard reply.status == status else {
        XCTFail("Expected \(status.code), got \(reply.status.code) \(reply.text)", file: file, line: line)
        throw TestFailure.unexpectedStatus
    }
    let body = try reply.decode(TripBody.self, file: file, line: line)
    assertTripFormats(body, file: file, line: line)
    guard let etag = reply.etag else {
        XCTFail("No ETag on a \(status.code) trip response", file: file, line: line)
        throw TestFailure.unexpectedBody
    }
    assertStrongETag(etag, file: file, line: line)
    return Trip(body: body, etag: etag)
}

func assertTripFormats(_ trip: TripBody, file: StaticString = #filePath, line: UInt = #line) {
    assertObjectId(trip._id, file: file, line: line)
    assertObjectId(trip.owner, file: file, line: line)
    assertTimestamp(trip.created_at, file: file, line: line)
    assertTimestamp(trip.updated_at, file: file, line: line)
}

/// A strong entity tag: a quoted string without `W/`.
func assertStrongETag(_ etag: String?, file: StaticString = #filePath, line: UInt = #line) {
    guard let etag else { return XCTFail("missing ETag", file: file, line: line) }
    XCTAssertFalse(etag.hasPrefix("W/"), "weak ETag \(etag)", file: file, line: line)
    XCTAssertTrue(etag.count >= 2 && etag.hasPrefix("\"") && etag.hasSuffix("\""), "unquoted ETag \(etag)", file: file, line: line)
}

/// The methods of an `Allow` header, as a set.
func allowSet(_ reply: Reply) -> Set<String> {
    Set((reply.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
}

// MARK: - Accounts

struct Account: Sendable {
    var username: String
    var password: String
    var id: String
    /// A session token: when set, requests send it as Bearer instead of the password.
    var token: String? = nil

    var authorization: String { token.map(bearer) ?? basic(username, password) }

    /// The same user, authenticating with `token`.
    func with(token: String) -> Account {
        var account = self
        account.token = token
        return account
    }
}

/// `Bearer token`.
func bearer(_ token: String) -> String {
    "Bearer " + token
}

/// `Basic base64(user:password)`.
func basic(_ username: String, _ password: String) -> String {
    basic(bytes: Array("\(username):\(password)".utf8))
}

func basic(bytes: [UInt8]) -> String {
    "Basic " + Data(bytes).base64EncodedString()
}

/// A username no other test uses: `prefix` + `_` + 12 random hex digits (prefix at most 19 characters).
func uniqueUsername(_ prefix: String = "u") -> String {
    let suffix = (0..<12).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
    return "\(prefix)_\(suffix)"
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
}

/// Serialises a JSON object built from dictionaries and arrays.
func jsonText(_ value: Any) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self)
}

// MARK: - The client

struct API: Sendable {
    private let send: @Sendable (String, HTTPRequest.Method, HTTPFields, ByteBuffer?) async throws -> Reply
    let port: Int

    init(client: any TestClientProtocol) {
        self.port = client.port!
        self.send = { uri, method, headers, body in
            let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
            return Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }

    private init(testClient: TestClient, port: Int) {
        self.port = port
        self.send = { uri, method, headers, body in
            var headers = headers
            headers[.connection] = "keep-alive"
            let response = try await testClient.execute(
                TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
            return Reply(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
        }
    }

    /// Runs `body` with a client on a connection of its own, for requests that must really run
    /// concurrently (one connection serves its requests one after the other).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (API) async throws -> T) async throws -> T {
        try await Self.withConnection(port: port, body)
    }

    /// Runs `body` with a client on a connection of its own to any server on this machine.
    static func withConnection<T: Sendable>(port: Int, _ body: @escaping @Sendable (API) async throws -> T) async throws -> T {
        try await TestClient.withClient(host: "localhost", port: port) { client in
            try await body(API(testClient: client, port: port))
        }
    }

    /// Any request: `body` as it is, headers as given (plus `Authorization` for `auth`).
    func raw(
        _ method: HTTPRequest.Method, _ uri: String, auth: String? = nil, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> Reply {
        var headers = headers
        if let auth {
            headers[.authorization] = auth
        }
        return try await send(uri, method, headers, body)
    }

    /// A request whose body, if any, is `json` sent as `Content-Type: application/json`.
    func request(
        _ method: HTTPRequest.Method, _ uri: String, as account: Account? = nil, headers: HTTPFields = [:], json: String? = nil
    ) async throws -> Reply {
        var headers = headers
        if json != nil, headers[.contentType] == nil {
            headers[.contentType] = "application/json"
        }
        return try await raw(method, uri, auth: account?.authorization, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    // MARK: Users

    func signUpRequest(_ username: String, _ password: String) async throws -> Reply {
        try await request(.post, "/users", json: #"{"username": \#(jsonString(username)), "password": \#(jsonString(password))}"#)
    }

    /// Signs up a new user and checks the 201 response.
    func signUp(
        _ username: String = uniqueUsername(), password: String = "correct horse",
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> Account {
        let reply = try await signUpRequest(username, password)
        let user = try assertUser(reply, .created, username: username.lowercased(), password: password, file: file, line: line)
        XCTAssertEqual(reply.headers[.location], "/users", file: file, line: line)
        return Account(username: username, password: password, id: user._id)
    }

    // MARK: Sessions

    /// Signs in with the account's password (POST /sessions), checks the 201 response and
    /// returns the account authenticating with the new token.
    func signIn(
        _ account: Account, device: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> (account: Account, session: SessionBody) {
        var password = account
        password.token = nil
        let reply = try await request(.post, "/sessions", as: password, json: device.map { #"{"device": \#(jsonString($0))}"# })
        guard reply.status == .created else {
            XCTFail("POST /sessions: \(reply.status.code) \(reply.text)", file: file, line: line)
            throw TestFailure.unexpectedStatus
        }
        let created = try reply.decode(NewSessionBody.self, file: file, line: line)
        XCTAssertNotNil(created.token.wholeMatch(of: try! Regex("[A-Za-z0-9_-]{43,}")), "token: \(created.token)", file: file, line: line)
        assertSessionFormats(created.session, file: file, line: line)
        XCTAssertEqual(reply.headers[.location], "/sessions/\(created.session._id)", file: file, line: line)
        return (account.with(token: created.token), created.session)
    }

    /// GET /sessions, checked.
    func sessions(_ account: Account, file: StaticString = #filePath, line: UInt = #line) async throws -> [SessionBody] {
        let reply = try await request(.get, "/sessions", as: account)
        guard reply.status == .ok else {
            XCTFail("GET /sessions: \(reply.status.code) \(reply.text)", file: file, line: line)
            throw TestFailure.unexpectedStatus
        }
        let sessions = try reply.decode(SessionListBody.self, file: file, line: line).sessions
        sessions.forEach { assertSessionFormats($0, file: file, line: line) }
        return sessions
    }

    // MARK: Trips

    /// Creates a trip and checks the 201 response.
    func createTrip(_ account: Account, _ json: String, file: StaticString = #filePath, line: UInt = #line) async throws -> Trip {
        let reply = try await request(.post, "/trips", as: account, json: json)
        let trip = try assertTrip(reply, .created, file: file, line: line)
        XCTAssertEqual(reply.headers[.location], "/trips/\(trip.id)", file: file, line: line)
        XCTAssertEqual(trip.body.owner, account.id, file: file, line: line)
        return trip
    }

    func createTrip(_ account: Account, name: String, file: StaticString = #filePath, line: UInt = #line) async throws -> Trip {
        try await createTrip(account, #"{"name": \#(jsonString(name))}"#, file: file, line: line)
    }

    /// GETs a trip and checks the 200 response.
    func getTrip(_ account: Account, _ id: String, file: StaticString = #filePath, line: UInt = #line) async throws -> Trip {
        try assertTrip(try await request(.get, "/trips/\(id)", as: account), .ok, file: file, line: line)
    }

    /// GETs one page of the caller's trips and checks the 200 response.
    func listTrips(_ account: Account, _ query: String = "", file: StaticString = #filePath, line: UInt = #line) async throws -> TripPage {
        let reply = try await request(.get, "/trips" + query, as: account)
        guard reply.status == .ok else {
            XCTFail("GET /trips\(query): \(reply.status.code) \(reply.text)", file: file, line: line)
            throw TestFailure.unexpectedStatus
        }
        let object = try reply.object(file: file, line: line)
        XCTAssertTrue(object.keys.contains("next"), "`next` must be present (null on the last page): \(reply.text)", file: file, line: line)
        let page = try reply.decode(TripPage.self, file: file, line: line)
        for trip in page.trips {
            assertTripFormats(trip, file: file, line: line)
            XCTAssertEqual(trip.owner, account.id, file: file, line: line)
        }
        return page
    }

    /// Walks every page of the caller's trips (`query` like `limit=3&completed=true`), calling
    /// `between` after each page. Returns the trips in the order they were listed.
    func walkTrips(
        _ account: Account, query: String, between: @Sendable () async throws -> Void = {},
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> [TripBody] {
        var trips: [TripBody] = []
        var cursor: String?
        var pages = 0
        repeat {
            var parts = query.isEmpty ? [] : [query]
            if let cursor {
                parts.append("cursor=" + percentEncoded(cursor))
            }
            let page = try await listTrips(account, parts.isEmpty ? "" : "?" + parts.joined(separator: "&"), file: file, line: line)
            trips += page.trips
            cursor = page.next
            pages += 1
            if pages > 500 {
                XCTFail("pagination does not end", file: file, line: line)
                break
            }
            try await between()
        } while cursor != nil
        return trips
    }
}

func percentEncoded(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed)!
}
