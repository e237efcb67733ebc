import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// `/trips` and `/trips/{id}`: creating, reading, replacing, patching, deleting, and ownership.
final class TripTests: XCTestCase {
    static let bayArea = #"""
        {"name": "Bay Area weekend", "completed": true, "waypoints": [
            {"name": "Golden Gate Bridge", "latitude": 37.8199, "longitude": -122.4783},
            {"name": "Alcatraz", "latitude": 37.8267, "longitude": -122.423},
            {"name": "Point Reyes", "latitude": 38.0404, "longitude": -122.7994}
        ]}
        """#
    static let bayAreaWaypoints = [
        Waypoint(name: "Golden Gate Bridge", latitude: 37.8199, longitude: -122.4783),
        Waypoint(name: "Alcatraz", latitude: 37.8267, longitude: -122.423),
        Waypoint(name: "Point Reyes", latitude: 38.0404, longitude: -122.7994),
    ]

    // MARK: POST

    func testCreateWithDefaults() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let reply = try await api.request(.post, "/trips", as: account, json: #"{"name": "Weekend"}"#)
            let trip = try assertTrip(reply, .created)
            XCTAssertEqual(reply.headers[.location], "/trips/\(trip.id)")
            XCTAssertEqual(trip.body.owner, account.id)
            XCTAssertEqual(trip.body.name, "Weekend")
            XCTAssertEqual(trip.body.completed, false)
            XCTAssertEqual(trip.body.waypoints, [])
            let object = try reply.object()
            XCTAssertTrue(
                Set(object.keys).isSuperset(of: ["_id", "owner", "name", "completed", "waypoints", "created_at", "updated_at"]), reply.text)
            let created = try XCTUnwrap(timestampDate(trip.body.created_at))
            XCTAssertLessThan(abs(created.timeIntervalSinceNow), 300)
            XCTAssertGreaterThanOrEqual(trip.body.updated_at, trip.body.created_at)
            assertNoSecrets(reply, password: account.password)
        }
    }

    func testCreateWithEverythingKeepsWaypointOrder() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, Self.bayArea)
            XCTAssertEqual(trip.body.name, "Bay Area weekend")
            XCTAssertEqual(trip.body.completed, true)
            XCTAssertEqual(trip.body.waypoints, Self.bayAreaWaypoints)
            // The same state is read back, with the same ETag.
            let read = try await api.getTrip(account, trip.id)
            XCTAssertEqual(read.body, trip.body)
            XCTAssertEqual(read.etag, trip.etag)
        }
    }

    func testReadOnlyFieldsAreIgnoredOnCreate() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let other = try await api.signUp()
            let trip = try await api.createTrip(
                account,
                #"{"name": "Mine", "_id": "65a1f0c2e4b0a1b2c3d4e5f6", "owner": "\#(other.id)", "created_at": "2000-01-01T00:00:00.000Z", "updated_at": "2000-01-01T00:00:00.000Z"}"#
            )
            XCTAssertNotEqual(trip.id, "65a1f0c2e4b0a1b2c3d4e5f6")
            XCTAssertEqual(trip.body.owner, account.id)
            XCTAssertNotEqual(trip.body.created_at, "2000-01-01T00:00:00.000Z")
            XCTAssertNotEqual(trip.body.updated_at, "2000-01-01T00:00:00.000Z")
            // Even null and nonsense are ignored in read-only fields.
            let nulls = try await api.createTrip(account, #"{"name": "Nulls", "_id": null, "owner": null, "created_at": null, "updated_at": null}"#)
            XCTAssertEqual(nulls.body.owner, account.id)
            let nonsense = try await api.createTrip(account, #"{"name": "Nonsense", "_id": 5, "owner": [], "created_at": "yesterday", "updated_at": {}}"#)
            XCTAssertEqual(nonsense.body.owner, account.id)
            let otherTrips = try await api.listTrips(other).trips
            XCTAssertEqual(otherTrips.count, 0)
        }
    }

    func testNamesAreTrimmed() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(
                account,
                #"{"name": "  \n\t Weekend \r\n ", "waypoints": [{"name": "\n  Golden Gate  \t", "latitude": 1, "longitude": 2}]}"#)
            XCTAssertEqual(trip.body.name, "Weekend")
            XCTAssertEqual(trip.body.waypoints, [Waypoint(name: "Golden Gate", latitude: 1, longitude: 2)])
            let put = try assertTrip(try await api.request(.put, trip.path, as: account, json: #"{"name": " Put "}"#), .ok)
            XCTAssertEqual(put.body.name, "Put")
            let patch = try assertTrip(
                try await api.request(.patch, trip.path, as: account, json: #"{"name": " Patch ", "waypoints": [{"name": " W ", "latitude": 0, "longitude": 0}]}"#),
                .ok)
            XCTAssertEqual(patch.body.name, "Patch")
            XCTAssertEqual(patch.body.waypoints.map(\.name), ["W"])
        }
    }

    // MARK: GET

    func testGetReturnsTheTripWithItsETag() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, Self.bayArea)
            let reply = try await api.request(.get, created.path, as: account)
            let read = try assertTrip(reply, .ok)
            XCTAssertEqual(read.body, created.body)
            XCTAssertEqual(read.etag, created.etag)
        }
    }

    func testIdsAreAcceptedInUpperCaseAndRenderedLowerCase() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Case")
            let upper = "/trips/" + trip.id.uppercased()
            XCTAssertNotEqual(upper, trip.path, "the id should contain letters")  // an all-digit id is vanishingly rare
            let read = try assertTrip(try await api.request(.get, upper, as: account), .ok)
            XCTAssertEqual(read.id, trip.id)
            XCTAssertEqual(read.etag, trip.etag)
            let patched = try assertTrip(try await api.request(.patch, upper, as: account, json: #"{"completed": true}"#), .ok)
            XCTAssertEqual(patched.id, trip.id)
            let put = try assertTrip(try await api.request(.put, upper, as: account, json: #"{"name": "Upper"}"#), .ok)
            XCTAssertEqual(put.id, trip.id)
            let deleted = try await api.request(.delete, upper, as: account)
            XCTAssertEqual(deleted.status, .noContent, deleted.text)
            assertError(try await api.request(.get, trip.path, as: account), .notFound, "not_found")
        }
    }

    func testMalformedIdsAre400() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let malformed = [
                "xyz", "65a1f0c2e4b0a1b2c3d4e5f", "65a1f0c2e4b0a1b2c3d4e5f6a", "65a1f0c2e4b0a1b2c3d4e5g6", "zzzzzzzzzzzzzzzzzzzzzzzz",
                "65a1f0c2e4b0a1b2c3d4e5f-", "%2065a1f0c2e4b0a1b2c3d4e5f6", "0", "null",
            ]
            for id in malformed {
                let path = "/trips/\(id)"
                assertError(try await api.request(.get, path, as: account), .badRequest, "invalid_id")
                assertError(try await api.request(.put, path, as: account, json: #"{"name": "x"}"#), .badRequest, "invalid_id")
                assertError(try await api.request(.patch, path, as: account, json: #"{"name": "x"}"#), .badRequest, "invalid_id")
                assertError(try await api.request(.delete, path, as: account), .badRequest, "invalid_id")
            }
        }
    }

    func testMissingTripsAre404() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let path = "/trips/65a1f0c2e4b0a1b2c3d4e5f6"
            assertError(try await api.request(.get, path, as: account), .notFound, "not_found")
            assertError(try await api.request(.put, path, as: account, json: #"{"name": "x"}"#), .notFound, "not_found")
            assertError(try await api.request(.patch, path, as: account, json: #"{"name": "x"}"#), .notFound, "not_found")
            assertError(try await api.request(.delete, path, as: account), .notFound, "not_found")
        }
    }

    // MARK: PUT

    func testPutReplacesAndResetsOmittedFields() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, Self.bayArea)
            let reply = try await api.request(.put, created.path, as: account, json: #"{"name": "Replaced"}"#)
            let put = try assertTrip(reply, .ok)
            XCTAssertEqual(put.id, created.id)
            XCTAssertEqual(put.body.owner, account.id)
            XCTAssertEqual(put.body.name, "Replaced")
            XCTAssertEqual(put.body.completed, false)
            XCTAssertEqual(put.body.waypoints, [])
            XCTAssertEqual(put.body.created_at, created.body.created_at)
            XCTAssertGreaterThan(put.body.updated_at, created.body.updated_at)
            let read = try await api.getTrip(account, created.id)
            XCTAssertEqual(read.body, put.body)
            XCTAssertEqual(read.etag, put.etag)

            // Everything given is stored.
            let full = try assertTrip(try await api.request(.put, created.path, as: account, json: Self.bayArea), .ok)
            XCTAssertEqual(full.body.name, "Bay Area weekend")
            XCTAssertEqual(full.body.completed, true)
            XCTAssertEqual(full.body.waypoints, Self.bayAreaWaypoints)
        }
    }

    func testPutAcceptsATripExactlyAsReceived() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, Self.bayArea)
            let get = try await api.request(.get, created.path, as: account)
            assertStatus(get, .ok)
            let put = try assertTrip(
                try await api.raw(.put, created.path, auth: account.authorization, headers: [.contentType: "application/json"], body: get.body),
                .ok)
            XCTAssertEqual(put.id, created.id)
            XCTAssertEqual(put.body.name, created.body.name)
            XCTAssertEqual(put.body.completed, created.body.completed)
            XCTAssertEqual(put.body.waypoints, created.body.waypoints)
            XCTAssertEqual(put.body.created_at, created.body.created_at)
            // The POST response body may be sent back too, to PUT and to PATCH.
            let post = try await api.request(.post, "/trips", as: account, json: Self.bayArea)
            let posted = try assertTrip(post, .created)
            assertStatus(
                try await api.raw(.put, posted.path, auth: account.authorization, headers: [.contentType: "application/json"], body: post.body),
                .ok)
            let patched = try assertTrip(
                try await api.raw(.patch, posted.path, auth: account.authorization, headers: [.contentType: "application/json"], body: post.body),
                .ok)
            XCTAssertEqual(patched.body.waypoints, Self.bayAreaWaypoints)
        }
    }

    func testPutIgnoresReadOnlyFields() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let other = try await api.signUp()
            let created = try await api.createTrip(account, name: "Original")
            let put = try assertTrip(
                try await api.request(
                    .put, created.path, as: account,
                    json: #"{"name": "New", "_id": "65a1f0c2e4b0a1b2c3d4e5f6", "owner": "\#(other.id)", "created_at": "2000-01-01T00:00:00.000Z", "updated_at": null}"#),
                .ok)
            XCTAssertEqual(put.id, created.id)
            XCTAssertEqual(put.body.owner, account.id)
            XCTAssertEqual(put.body.created_at, created.body.created_at)
            XCTAssertEqual(put.body.name, "New")
            assertError(try await api.request(.get, "/trips/65a1f0c2e4b0a1b2c3d4e5f6", as: account), .notFound, "not_found")
        }
    }

    // MARK: PATCH

    func testPatchSetsOnlyPresentFields() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, Self.bayArea)

            let completed = try assertTrip(try await api.request(.patch, created.path, as: account, json: #"{"completed": false}"#), .ok)
            XCTAssertEqual(completed.body.completed, false)
            XCTAssertEqual(completed.body.name, "Bay Area weekend")
            XCTAssertEqual(completed.body.waypoints, Self.bayAreaWaypoints)

            let renamed = try assertTrip(try await api.request(.patch, created.path, as: account, json: #"{"name": "Renamed"}"#), .ok)
            XCTAssertEqual(renamed.body.name, "Renamed")
            XCTAssertEqual(renamed.body.completed, false)
            XCTAssertEqual(renamed.body.waypoints, Self.bayAreaWaypoints)

            // Waypoints are replaced whole, in the order given.
            let replaced = try assertTrip(
                try await api.request(
                    .patch, created.path, as: account,
                    json: #"{"waypoints": [{"name": "B", "latitude": -90, "longitude": 180}, {"name": "A", "latitude": 90, "longitude": -180}]}"#),
                .ok)
            XCTAssertEqual(
                replaced.body.waypoints,
                [Waypoint(name: "B", latitude: -90, longitude: 180), Waypoint(name: "A", latitude: 90, longitude: -180)])
            XCTAssertEqual(replaced.body.name, "Renamed")
            XCTAssertEqual(replaced.body.completed, false)

            let emptied = try assertTrip(try await api.request(.patch, created.path, as: account, json: #"{"waypoints": []}"#), .ok)
            XCTAssertEqual(emptied.body.waypoints, [])
            XCTAssertEqual(emptied.body.name, "Renamed")

            let all = try assertTrip(
                try await api.request(.patch, created.path, as: account, json: Self.bayArea), .ok)
            XCTAssertEqual(all.body.name, "Bay Area weekend")
            XCTAssertEqual(all.body.completed, true)
            XCTAssertEqual(all.body.waypoints, Self.bayAreaWaypoints)
            XCTAssertEqual(all.body.created_at, created.body.created_at)
            XCTAssertEqual(all.id, created.id)
            XCTAssertEqual(all.body.owner, account.id)

            let read = try await api.getTrip(account, created.id)
            XCTAssertEqual(read.body, all.body)
            XCTAssertEqual(read.etag, all.etag)
        }
    }

    func testEmptyPatchIsAWrite() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, Self.bayArea)
            let patched = try assertTrip(try await api.request(.patch, created.path, as: account, json: "{}"), .ok)
            XCTAssertEqual(patched.body.name, created.body.name)
            XCTAssertEqual(patched.body.completed, created.body.completed)
            XCTAssertEqual(patched.body.waypoints, created.body.waypoints)
            XCTAssertEqual(patched.body.created_at, created.body.created_at)
            XCTAssertGreaterThan(patched.body.updated_at, created.body.updated_at)
            XCTAssertNotEqual(patched.etag, created.etag)
        }
    }

    // MARK: DELETE

    func testDelete() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let kept = try await api.createTrip(account, name: "Kept")
            let trip = try await api.createTrip(account, name: "Doomed")
            let reply = try await api.request(.delete, trip.path, as: account)
            XCTAssertEqual(reply.status, .noContent, reply.text)
            XCTAssertEqual(reply.body.readableBytes, 0)
            assertError(try await api.request(.get, trip.path, as: account), .notFound, "not_found")
            assertError(try await api.request(.delete, trip.path, as: account), .notFound, "not_found")
            assertError(try await api.request(.put, trip.path, as: account, json: #"{"name": "x"}"#), .notFound, "not_found")
            assertError(try await api.request(.patch, trip.path, as: account, json: #"{"name": "x"}"#), .notFound, "not_found")
            let remaining = try await api.listTrips(account).trips.map(\._id)
            XCTAssertEqual(remaining, [kept.id])
        }
    }

    // MARK: Ownership

    func testAnotherUsersTripIsNotFoundAndStaysUnchanged() async throws {
        try await withServer { api in
            let owner = try await api.signUp()
            let intruder = try await api.signUp()
            let trip = try await api.createTrip(owner, Self.bayArea)
            let json = #"{"name": "Hijacked", "completed": false, "waypoints": []}"#

            assertError(try await api.request(.get, trip.path, as: intruder), .notFound, "not_found")
            assertError(try await api.request(.get, trip.path, as: intruder, headers: [.ifNoneMatch: trip.etag]), .notFound, "not_found")
            assertError(try await api.request(.get, "/trips/" + trip.id.uppercased(), as: intruder), .notFound, "not_found")
            assertError(try await api.request(.put, trip.path, as: intruder, json: json), .notFound, "not_found")
            assertError(try await api.request(.patch, trip.path, as: intruder, json: json), .notFound, "not_found")
            assertError(try await api.request(.delete, trip.path, as: intruder), .notFound, "not_found")
            // With If-Match, matching or not: still 404, never 412 (which would reveal the trip).
            for ifMatch in [trip.etag, #""stale""#, "*"] {
                assertError(try await api.request(.put, trip.path, as: intruder, headers: [.ifMatch: ifMatch], json: json), .notFound, "not_found")
                assertError(
                    try await api.request(.patch, trip.path, as: intruder, headers: [.ifMatch: ifMatch], json: json), .notFound, "not_found")
                assertError(try await api.request(.delete, trip.path, as: intruder, headers: [.ifMatch: ifMatch]), .notFound, "not_found")
            }
            // The intruder's own listing does not show it.
            let intruderTrips = try await api.listTrips(intruder).trips
            XCTAssertEqual(intruderTrips.count, 0)

            // The owner's trip is exactly as it was.
            let after = try await api.getTrip(owner, trip.id)
            XCTAssertEqual(after.body, trip.body)
            XCTAssertEqual(after.etag, trip.etag)
            let ownerTrips = try await api.listTrips(owner).trips
            XCTAssertEqual(ownerTrips, [trip.body])
        }
    }

    func testAnotherUsersTripResponseIsLikeAMissingOne() async throws {
        try await withServer { api in
            let owner = try await api.signUp()
            let intruder = try await api.signUp()
            let trip = try await api.createTrip(owner, name: "Private")
            let foreign = try await api.request(.get, trip.path, as: intruder)
            let missing = try await api.request(.get, "/trips/65a1f0c2e4b0a1b2c3d4e5f6", as: intruder)
            assertError(foreign, .notFound, "not_found")
            XCTAssertEqual(foreign.status, missing.status)
            XCTAssertEqual(foreign.error?.code, missing.error?.code)
            XCTAssertFalse(foreign.text.contains(trip.id), "the 404 body mentions the trip: \(foreign.text)")
        }
    }
}
