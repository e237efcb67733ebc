import Foundation
import TripPlannerClient
import TripPlannerModels
import XCTest

/// `TripPlannerClient`, as the mobile app uses it, against a live server.
final class ClientLibraryTests: XCTestCase {
    private func withClient(
        password: String = "correct horse", _ body: @escaping @Sendable (TripPlannerClient, URL) async throws -> Void
    ) async throws {
        try await withServer { api in
            let baseURL = URL(string: "http://127.0.0.1:\(api.port)")!
            let client = TripPlannerClient(baseURL: baseURL, username: uniqueUsername("client"), password: password)
            try await client.signUp()
            try await body(client, baseURL)
        }
    }

    func testSignUpAndCurrentUser() async throws {
        try await withClient { client, baseURL in
            let user = try await client.currentUser()
            XCTAssertTrue(user.username.hasPrefix("client"))
            await assertCode(.usernameTaken, status: 409) { try await client.signUp() }
        }
    }

    func testCreateReadAndConditionalUpdate() async throws {
        try await withClient { client, _ in
            let stop = TripPlannerModels.Waypoint(name: "Golden Gate Bridge", latitude: 37.8199, longitude: -122.4783)
            let created = try await client.createTrip(TripDraft(name: "  Bay Area weekend ", waypoints: [stop]))
            XCTAssertEqual(created.value.name, "Bay Area weekend")
            XCTAssertEqual(created.value.waypoints, [stop])
            let fetched = try await client.trip(created.value.id)
            XCTAssertEqual(fetched, created)

            let updated = try await client.update(created, TripChanges(completed: true))
            XCTAssertTrue(updated.value.completed)
            XCTAssertEqual(updated.value.name, "Bay Area weekend")
            XCTAssertNotEqual(updated.etag, created.etag)

            // The app's copy is stale now: a conditional write must not overwrite the change.
            await assertCode(.preconditionFailed, status: 412) { try await client.update(created, TripChanges(name: "Lost")) }
            let replaced = try await client.replaceTrip(updated.value.id, with: TripDraft(name: "Renamed"), ifMatch: updated.etag)
            XCTAssertEqual(replaced.value.name, "Renamed")
            XCTAssertEqual(replaced.value.waypoints, [])
            XCTAssertFalse(replaced.value.completed)
        }
    }

    func testRefreshUsesTheETag() async throws {
        try await withClient { client, _ in
            let known = try await client.createTrip(TripDraft(name: "Unchanged"))
            let unchanged = try await client.refresh(known)
            XCTAssertEqual(unchanged, known)
            let changed = try await client.updateTrip(known.value.id, TripChanges(name: "Changed"))
            let refreshed = try await client.refresh(known)
            XCTAssertEqual(refreshed, changed)
        }
    }

    func testTripsAreAnAsyncSequenceAcrossPages() async throws {
        try await withClient { client, _ in
            var created: [TripPlannerModels.Trip.ID] = []
            for index in 0..<5 {
                created.append(try await client.createTrip(TripDraft(name: "Trip \(index)", completed: index.isMultiple(of: 2))).value.id)
            }
            var listed: [TripPlannerModels.Trip.ID] = []
            for try await trip in client.trips(pageSize: 2) {
                listed.append(trip.id)
            }
            XCTAssertEqual(listed, created.reversed())
            var completed: [String] = []
            for try await trip in client.trips(completed: true, pageSize: 1) {
                completed.append(trip.name)
            }
            XCTAssertEqual(completed, ["Trip 4", "Trip 2", "Trip 0"])
        }
    }

    func testPlacesStatsAndTripsByPlace() async throws {
        try await withClient { client, _ in
            let rome = TripPlannerModels.Waypoint(name: "Rome", latitude: 41.9, longitude: 12.5)
            let equator = [
                TripPlannerModels.Waypoint(name: "Null Island", latitude: 0, longitude: 0),
                TripPlannerModels.Waypoint(name: "East", latitude: 0, longitude: 1),
            ]
            let line = try await client.createTrip(TripDraft(name: "Line", completed: true, waypoints: equator))
            XCTAssertEqual(line.value.distanceKm, 111.195)
            _ = try await client.createTrip(TripDraft(name: "First", waypoints: [rome]))
            let second = try await client.createTrip(TripDraft(name: "Second", waypoints: [rome] + equator))
            var throughRome: [String] = []
            for try await trip in client.trips(place: "Rome", pageSize: 1) {
                throughRome.append(trip.name)
            }
            XCTAssertEqual(throughRome, ["Second", "First"])
            let places = try await client.places()
            XCTAssertEqual(places.map(\.name), ["East", "Null Island", "Rome"])
            XCTAssertEqual(places.map(\.trips), [2, 2, 2])
            XCTAssertEqual(places.last?.lastVisitedAt, second.value.updatedAt)
            let onePlace = try await client.places(limit: 1).count
            XCTAssertEqual(onePlace, 1)
            let stats = try await client.tripStats()
            XCTAssertEqual(stats.trips, 3)
            XCTAssertEqual(stats.completed, 1)
            XCTAssertEqual(stats.waypoints, 6)
            XCTAssertEqual(stats.distanceKm, RouteLength.roundedKm(line.value.distanceKm + second.value.distanceKm))
            XCTAssertEqual(stats.firstTripAt, line.value.createdAt)
            XCTAssertEqual(stats.lastTripAt, second.value.createdAt)
            XCTAssertEqual(stats.months.count, 12)
            XCTAssertEqual(stats.months.last?.trips, 3)
        }
    }

    func testValidationErrorsCarryTheirFields() async throws {
        try await withClient { client, _ in
            let wrong = TripPlannerModels.Waypoint(name: "", latitude: 91, longitude: 0)
            let error = await assertCode(.validationFailed, status: 400) {
                try await client.createTrip(TripDraft(name: "x", waypoints: [wrong]))
            }
            XCTAssertEqual(Set(error?.fields.map(\.path) ?? []), ["waypoints[0].name", "waypoints[0].latitude"])
        }
    }

    func testDeleteTripThenItIsNotFound() async throws {
        try await withClient { client, _ in
            let trip = try await client.createTrip(TripDraft(name: "Short-lived"))
            await assertCode(.preconditionFailed, status: 412) {
                try await client.deleteTrip(trip.value.id, ifMatch: ETag(rawValue: "\"stale\""))
            }
            try await client.deleteTrip(trip.value.id, ifMatch: trip.etag)
            await assertCode(.notFound, status: 404) { try await client.trip(trip.value.id) }
        }
    }

    func testPasswordChangeKeepsTheClientSignedIn() async throws {
        try await withClient { client, baseURL in
            let username = try await client.currentUser().username
            try await client.changePassword(to: "a newer passphrase")
            let signedIn = try await client.currentUser()
            XCTAssertEqual(signedIn.username, username)
            let stale = TripPlannerClient(baseURL: baseURL, username: username, password: "correct horse")
            await assertCode(.unauthorized, status: 401) { try await stale.currentUser() }
        }
    }

    func testThrottlingCarriesRetryAfter() async throws {
        try await withClient { client, baseURL in
            let username = try await client.currentUser().username
            let guesser = TripPlannerClient(baseURL: baseURL, username: username, password: "not the password")
            for _ in 0..<10 {
                await assertCode(.unauthorized, status: 401) { try await guesser.currentUser() }
            }
            let error = await assertCode(.tooManyAttempts, status: 429) { try await client.currentUser() }
            XCTAssertEqual(error?.retryAfter, .seconds(30))
        }
    }

    /// After `signIn`, the client sends only the token: a lockout of the password, which
    /// refuses Basic with 429, leaves it working; a client made from the stored token works too.
    func testSignInTradesThePasswordForATokenForGood() async throws {
        try await withClient { client, baseURL in
            XCTAssertNil(client.token)
            let signedIn = try await client.signIn(device: "Test phone")
            XCTAssertEqual(client.token, signedIn.token)
            XCTAssertEqual(signedIn.session.device, "Test phone")
            let username = try await client.currentUser().username
            let guesser = TripPlannerClient(baseURL: baseURL, username: username, password: "not the password")
            for _ in 0..<10 {
                await assertCode(.unauthorized, status: 401) { try await guesser.currentUser() }
            }
            let password = TripPlannerClient(baseURL: baseURL, username: username, password: "correct horse")
            await assertCode(.tooManyAttempts, status: 429) { try await password.currentUser() }
            _ = try await client.createTrip(TripDraft(name: "Still signed in"))
            let restored = TripPlannerClient(baseURL: baseURL, token: signedIn.token)
            let restoredUser = try await restored.currentUser()
            XCTAssertEqual(restoredUser.username, username)
            await assertCode(.passwordRequired, status: 0) { try await restored.signUp() }
        }
    }

    func testSessionsCanBeListedRevokedAndSignedOut() async throws {
        try await withClient { client, baseURL in
            let username = try await client.currentUser().username
            let laptop = TripPlannerClient(baseURL: baseURL, username: username, password: "correct horse")
            try await laptop.signIn(device: "laptop")
            let phone = TripPlannerClient(baseURL: baseURL, username: username, password: "correct horse")
            let phoneSession = try await phone.signIn(device: "phone").session
            let listed = try await laptop.sessions()
            XCTAssertEqual(listed.map(\.device), ["phone", "laptop"])
            XCTAssertEqual(listed.map(\.current), [false, true])

            try await laptop.revokeSession(phoneSession.id)
            await assertCode(.unauthorized, status: 401) { try await phone.currentUser() }
            await assertCode(.notFound, status: 404) { try await laptop.revokeSession(phoneSession.id) }

            try await laptop.signOut()
            XCTAssertNil(laptop.token)
            await assertCode(.unauthorized, status: 401) { try await laptop.currentUser() }

            let tablet = TripPlannerClient(baseURL: baseURL, username: username, password: "correct horse")
            let tabletToken = try await tablet.signIn().token
            try await client.signOutEverywhere()
            let stored = TripPlannerClient(baseURL: baseURL, token: tabletToken)
            await assertCode(.unauthorized, status: 401) { try await stored.currentUser() }
            _ = try await client.currentUser()
        }
    }

    func testDeleteAccount() async throws {
        try await withClient { client, _ in
            try await client.deleteAccount()
            await assertCode(.unauthorized, status: 401) { try await client.currentUser() }
        }
    }
}

/// Runs `operation`, expecting the server to refuse it with `code`; returns the error for
/// further checks.
@discardableResult
private func assertCode<T>(
    _ code: ErrorCode, status: Int, file: StaticString = #filePath, line: UInt = #line, _ operation: () async throws -> T
) async -> TripPlannerError? {
    do {
        _ = try await operation()
        XCTFail("Expected \(code)", file: file, line: line)
    } catch let error as TripPlannerError {
        XCTAssertEqual(error.code, code, file: file, line: line)
        XCTAssertEqual(error.status, status, file: file, line: line)
        XCTAssertFalse(error.message.isEmpty, file: file, line: line)
        return error
    } catch {
        XCTFail("Expected TripPlannerError, got \(error)", file: file, line: line)
    }
    return nil
}
