import BSON
import Foundation
import Synchronization
import TripPlannerModels

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Trip Planner API for one user, over URLSession with async/await.
///
/// Made with a username and password, it sends them (HTTP Basic) until ``signIn(device:)``
/// trades them for a session token; from then on it sends only the token and forgets the
/// password. An app keeps ``token`` (in the Keychain) and makes its client with
/// ``init(baseURL:token:configuration:)`` next time. Failures the server reports arrive as
/// ``TripPlannerError`` with its `code`.
public final class TripPlannerClient: Sendable {
    public let baseURL: URL
    private let session: URLSession
    // Changed by signing in and out and by `changePassword(to:)`, so later calls keep working.
    private let credentials: Mutex<Credentials>

    public convenience init(baseURL: URL, username: String, password: String, configuration: URLSessionConfiguration = .default) {
        self.init(baseURL: baseURL, credentials: .password(username: username, password: password), configuration: configuration)
    }

    /// A client for a session token kept from an earlier ``signIn(device:)``.
    public convenience init(baseURL: URL, token: String, configuration: URLSessionConfiguration = .default) {
        self.init(baseURL: baseURL, credentials: .token(token), configuration: configuration)
    }

    private init(baseURL: URL, credentials: Credentials, configuration: URLSessionConfiguration) {
        self.baseURL = baseURL
        self.session = URLSession(configuration: configuration, delegate: ChallengeDecliner(), delegateQueue: nil)
        self.credentials = Mutex(credentials)
    }

    /// The session token this client sends, once signed in: what the app stores.
    public var token: String? {
        credentials.withLock { credentials in
            guard case .token(let token) = credentials else { return nil }
            return token
        }
    }

    deinit {
        // A session holds its delegate until invalidated.
        session.finishTasksAndInvalidate()
    }

    // MARK: - The user

    /// Creates the account these credentials name.
    @discardableResult
    public func signUp() async throws -> User {
        let body = try credentials.withLock { credentials in
            guard case .password(let username, let password) = credentials else { throw TripPlannerError.passwordRequired }
            return ["username": username, "password": password]
        }
        return try await send(.post, "/users", body: body, authenticated: false).decode(User.self)
    }

    // MARK: - Sessions

    /// Trades the username and password for a session token, named for `device` in the
    /// user's list of sessions. From here on the client sends only the token (``token``),
    /// never the password again.
    @discardableResult
    public func signIn(device: String? = nil) async throws -> NewSession {
        let body = device.map { ["device": $0] } ?? [:]
        let signedIn = try await send(.post, "/sessions", body: body).decode(NewSession.self)
        credentials.withLock { $0 = .token(signedIn.token) }
        return signedIn
    }

    /// Ends this client's session on the server; the token stops working everywhere.
    public func signOut() async throws {
        _ = try await send(.delete, "/sessions/current")
        credentials.withLock { $0 = .signedOut }
    }

    /// The user's sessions, newest first; `current` marks this client's.
    public func sessions() async throws -> [Session] {
        try await send(.get, "/sessions").decode(SessionList.self).sessions
    }

    /// Ends one of the user's sessions, say of a lost phone.
    public func revokeSession(_ id: Session.ID) async throws {
        _ = try await send(.delete, "/sessions/\(id)")
    }

    /// Ends every session of the user, this client's included.
    public func signOutEverywhere() async throws {
        _ = try await send(.delete, "/sessions")
        credentials.withLock { credentials in
            if case .token = credentials { credentials = .signedOut }
        }
    }

    /// The signed-in user; also how an app checks that the credentials are right.
    public func currentUser() async throws -> User {
        try await send(.get, "/users").decode(User.self)
    }

    /// Changes the password, which ends the user's other sessions. A client signed in with a
    /// token keeps it; one using the password uses the new one from now on.
    @discardableResult
    public func changePassword(to password: String) async throws -> User {
        let user = try await send(.patch, "/users", body: ["password": password]).decode(User.self)
        credentials.withLock { credentials in
            if case .password(let username, _) = credentials { credentials = .password(username: username, password: password) }
        }
        return user
    }

    /// Deletes the account and every trip in it.
    public func deleteAccount() async throws {
        _ = try await send(.delete, "/users")
        credentials.withLock { $0 = .signedOut }
    }

    // MARK: - Trips

    public func createTrip(_ draft: TripDraft) async throws -> Versioned<Trip> {
        try await send(.post, "/trips", body: draft).versioned()
    }

    public func trip(_ id: Trip.ID) async throws -> Versioned<Trip> {
        try await send(.get, Self.path(of: id)).versioned()
    }

    /// The trip as it is now, fetched only if it changed since `known` (If-None-Match).
    public func refresh(_ known: Versioned<Trip>) async throws -> Versioned<Trip> {
        let reply = try await send(.get, Self.path(of: known.value.id), headers: ["If-None-Match": known.etag.rawValue])
        return reply.status == 304 ? known : try reply.versioned()
    }

    /// All of the caller's trips, newest first, fetched a page at a time as the loop asks;
    /// with `place`, only those with a waypoint of exactly that name.
    public func trips(completed: Bool? = nil, place: String? = nil, pageSize: Int = 20) -> TripSequence {
        TripSequence(client: self, completed: completed, place: place, pageSize: pageSize)
    }

    /// The distinct waypoint names of the caller's trips, the most visited first (at most `limit`, 1–1000).
    public func places(limit: Int = 100) async throws -> [Place] {
        try await send(.get, "/places", query: [URLQueryItem(name: "limit", value: String(limit))]).decode(PlaceList.self).places
    }

    /// Totals over the caller's trips and the last 12 calendar months.
    public func tripStats() async throws -> TripStats {
        try await send(.get, "/trips/stats").decode(TripStats.self)
    }

    /// Replaces name, completion and waypoints. With `ifMatch`, only if the trip has not
    /// changed since (otherwise `precondition_failed`).
    public func replaceTrip(_ id: Trip.ID, with draft: TripDraft, ifMatch: ETag? = nil) async throws -> Versioned<Trip> {
        try await send(.put, Self.path(of: id), body: draft, headers: Self.condition(ifMatch)).versioned()
    }

    /// Sets only the fields `changes` carries. With `ifMatch`, only if the trip has not
    /// changed since (otherwise `precondition_failed`).
    public func updateTrip(_ id: Trip.ID, _ changes: TripChanges, ifMatch: ETag? = nil) async throws -> Versioned<Trip> {
        try await send(.patch, Self.path(of: id), body: changes, headers: Self.condition(ifMatch)).versioned()
    }

    /// Applies `changes` to the state the app last saw: fails with `precondition_failed`
    /// rather than overwrite someone else's change.
    public func update(_ known: Versioned<Trip>, _ changes: TripChanges) async throws -> Versioned<Trip> {
        try await updateTrip(known.value.id, changes, ifMatch: known.etag)
    }

    public func deleteTrip(_ id: Trip.ID, ifMatch: ETag? = nil) async throws {
        _ = try await send(.delete, Self.path(of: id), headers: Self.condition(ifMatch))
    }

    func page(completed: Bool?, place: String?, limit: Int, cursor: String?) async throws -> TripPage {
        var query = [URLQueryItem(name: "limit", value: String(limit))]
        if let completed { query.append(URLQueryItem(name: "completed", value: String(completed))) }
        if let place { query.append(URLQueryItem(name: "place", value: place)) }
        if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
        return try await send(.get, "/trips", query: query).decode(TripPage.self)
    }

    // MARK: - HTTP

    private static func path(of id: Trip.ID) -> String { "/trips/\(id)" }

    private static func condition(_ etag: ETag?) -> [String: String] {
        etag.map { ["If-Match": $0.rawValue] } ?? [:]
    }

    private func send(
        _ method: Method, _ path: String, query: [URLQueryItem] = [], body: (any Encodable)? = nil,
        headers: [String: String] = [:], authenticated: Bool = true
    ) async throws -> Reply {
        var components = URLComponents(url: baseURL.appending(path: path), resolvingAgainstBaseURL: false)!
        components.queryItems = query.isEmpty ? nil : query
        var request = URLRequest(url: components.url!)
        request.httpMethod = method.rawValue
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        if authenticated, let authorization = credentials.withLock(\.authorization) {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        }
        if let body {
            request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONCoding.encoder.encode(body)
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .cancelled && !Task.isCancelled {
            // Nobody cancelled it but the ChallengeDecliner: the server refused the credentials.
            throw TripPlannerError.credentialsRefused
        }
        guard let response = response as? HTTPURLResponse else { throw TripPlannerError.unexpectedResponse(status: 0) }
        let reply = Reply(status: response.statusCode, etag: response.value(forHTTPHeaderField: "ETag").map(ETag.init), data: data)
        guard (200..<400).contains(reply.status) else {
            throw TripPlannerError(status: reply.status, data: data, retryAfter: response.value(forHTTPHeaderField: "Retry-After"))
        }
        return reply
    }

    private enum Method: String {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }
}
