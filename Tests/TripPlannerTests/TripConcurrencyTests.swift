import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// ETags, If-None-Match, If-Match, and timestamps across writes.
final class TripConcurrencyTests: XCTestCase {
    // MARK: ETag

    func testETagIsTheSameForTheSameStateAndChangesOnEveryWrite() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, TripTests.bayArea)
            var seen = [created.etag]
            var latest = created
            let writes: [(HTTPRequest.Method, String)] = [
                (.put, TripTests.bayArea),  // the same content: still a write
                (.patch, "{}"),
                (.patch, #"{"completed": true}"#),  // already true
                (.put, #"{"name": "Other"}"#),
                (.patch, #"{"name": "Other"}"#),
            ]
            for (method, json) in writes {
                let before = try await api.getTrip(account, created.id)
                XCTAssertEqual(before.etag, latest.etag, "GET renders the state of the last write with the same ETag")
                XCTAssertEqual(before.body, latest.body)
                let written = try assertTrip(try await api.request(method, created.path, as: account, json: json), .ok)
                XCTAssertFalse(seen.contains(written.etag), "\(method) \(json) did not change the ETag \(written.etag)")
                seen.append(written.etag)
                latest = written
            }
            let final = try await api.getTrip(account, created.id)
            XCTAssertEqual(final.etag, latest.etag)
            XCTAssertEqual(final.body, latest.body)
            // Another trip with the same content has its own state.
            let twin = try await api.createTrip(account, TripTests.bayArea)
            XCTAssertFalse(seen.contains(twin.etag))
        }
    }

    // MARK: If-None-Match

    func testIfNoneMatchGives304() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            for header in [trip.etag, "*", "W/" + trip.etag, #""nope", \#(trip.etag)"#, #"W/"nope", W/\#(trip.etag)"#] {
                let reply = try await api.request(.get, trip.path, as: account, headers: [.ifNoneMatch: header])
                XCTAssertEqual(reply.status, .notModified, "If-None-Match: \(header) → \(reply.text)")
                XCTAssertEqual(reply.etag, trip.etag, "If-None-Match: \(header)")
                XCTAssertEqual(reply.body.readableBytes, 0, "304 has no body")
            }
            // A stale tag gets the trip.
            for header in [#""stale""#, "W/\"stale\"", #""a", "b""#] {
                let reply = try await api.request(.get, trip.path, as: account, headers: [.ifNoneMatch: header])
                let read = try assertTrip(reply, .ok)
                XCTAssertEqual(read.etag, trip.etag)
                XCTAssertEqual(read.body, trip.body)
            }
            // After a write the old tag is stale.
            let patched = try assertTrip(try await api.request(.patch, trip.path, as: account, json: #"{"name": "New"}"#), .ok)
            let reply = try await api.request(.get, trip.path, as: account, headers: [.ifNoneMatch: trip.etag])
            let read = try assertTrip(reply, .ok)
            XCTAssertEqual(read.etag, patched.etag)
            XCTAssertEqual(read.body.name, "New")
            assertStatus(try await api.request(.get, trip.path, as: account, headers: [.ifNoneMatch: patched.etag]), .notModified)
        }
    }

    func testIfNoneMatchOnAMissingTripIs404() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Soon gone")
            assertStatus(try await api.request(.delete, trip.path, as: account), .noContent)
            for header in [trip.etag, "*"] {
                assertError(try await api.request(.get, trip.path, as: account, headers: [.ifNoneMatch: header]), .notFound, "not_found")
            }
        }
    }

    // MARK: If-Match

    func testStaleIfMatchIs412AndChangesNothing() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let original = try await api.createTrip(account, TripTests.bayArea)
            let current = try assertTrip(try await api.request(.patch, original.path, as: account, json: "{}"), .ok)
            for stale in [original.etag, #""stale""#, "W/" + current.etag, "W/" + original.etag] {
                let headers: HTTPFields = [.ifMatch: stale]
                assertError(
                    try await api.request(.put, original.path, as: account, headers: headers, json: #"{"name": "Lost"}"#), .preconditionFailed,
                    "precondition_failed")
                assertError(
                    try await api.request(.patch, original.path, as: account, headers: headers, json: #"{"name": "Lost"}"#), .preconditionFailed,
                    "precondition_failed")
                assertError(try await api.request(.delete, original.path, as: account, headers: headers), .preconditionFailed, "precondition_failed")
            }
            let after = try await api.getTrip(account, original.id)
            XCTAssertEqual(after.body, current.body)
            XCTAssertEqual(after.etag, current.etag)
        }
    }

    func testMatchingIfMatchSucceeds() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, TripTests.bayArea)
            let put = try assertTrip(
                try await api.request(.put, created.path, as: account, headers: [.ifMatch: created.etag], json: #"{"name": "Put"}"#), .ok)
            XCTAssertEqual(put.body.name, "Put")
            let patched = try assertTrip(
                try await api.request(.patch, created.path, as: account, headers: [.ifMatch: put.etag], json: #"{"completed": true}"#), .ok)
            XCTAssertEqual(patched.body.completed, true)
            // A list containing the current tag matches; so does `*`.
            let listed = try assertTrip(
                try await api.request(.patch, created.path, as: account, headers: [.ifMatch: #""other", \#(patched.etag)"#], json: "{}"), .ok)
            let star = try assertTrip(
                try await api.request(.patch, created.path, as: account, headers: [.ifMatch: "*"], json: #"{"name": "Star"}"#), .ok)
            XCTAssertNotEqual(star.etag, listed.etag)
            let deleted = try await api.request(.delete, created.path, as: account, headers: [.ifMatch: star.etag])
            XCTAssertEqual(deleted.status, .noContent, deleted.text)
            assertError(try await api.request(.get, created.path, as: account), .notFound, "not_found")
        }
    }

    func testIfMatchOnAMissingTripIs404() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Soon gone")
            assertStatus(try await api.request(.delete, trip.path, as: account), .noContent)
            for path in [trip.path, "/trips/65a1f0c2e4b0a1b2c3d4e5f6"] {
                for header in [trip.etag, #""stale""#, "*"] {
                    let headers: HTTPFields = [.ifMatch: header]
                    assertError(try await api.request(.put, path, as: account, headers: headers, json: #"{"name": "x"}"#), .notFound, "not_found")
                    assertError(try await api.request(.patch, path, as: account, headers: headers, json: #"{"name": "x"}"#), .notFound, "not_found")
                    assertError(try await api.request(.delete, path, as: account, headers: headers), .notFound, "not_found")
                }
            }
        }
    }

    func testWithoutIfMatchTheLastWriteWins() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, name: "First")
            assertStatus(try await api.request(.put, created.path, as: account, json: #"{"name": "Second"}"#), .ok)
            assertStatus(try await api.request(.put, created.path, as: account, json: #"{"name": "Third", "completed": true}"#), .ok)
            let read = try await api.getTrip(account, created.id)
            XCTAssertEqual(read.body.name, "Third")
            XCTAssertEqual(read.body.completed, true)
        }
    }

    /// Several writers holding the same ETag: exactly one write happens, the others get 412.
    func testConcurrentConditionalWritesLetExactlyOneThrough() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Contended")
            let writers = 6
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for index in 0..<writers {
                    group.addTask {
                        try await api.withConnection { connection in
                            try await connection.request(
                                .patch, trip.path, as: account, headers: [.ifMatch: trip.etag], json: #"{"name": "Writer \#(index)"}"#)
                        }
                    }
                }
                var replies: [Reply] = []
                for try await reply in group {
                    replies.append(reply)
                }
                return replies
            }
            let statuses = replies.map(\.status.code).sorted()
            XCTAssertEqual(statuses, [200] + Array(repeating: 412, count: writers - 1), replies.map(\.text).joined(separator: " | "))
            for reply in replies where reply.status == .preconditionFailed {
                assertError(reply, .preconditionFailed, "precondition_failed")
            }
            guard let winner = replies.first(where: { $0.status == .ok }) else { return }
            let written = try assertTrip(winner, .ok)
            let read = try await api.getTrip(account, trip.id)
            XCTAssertEqual(read.body, written.body)
            XCTAssertEqual(read.etag, written.etag)
        }
    }

    // MARK: Timestamps

    func testUpdatedAtStrictlyIncreasesAcrossRapidWrites() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, TripTests.bayArea)
            var previous = created
            var etags: Set<String> = [created.etag]
            for index in 0..<30 {
                let reply =
                    index % 2 == 0
                    ? try await api.request(.patch, created.path, as: account, json: "{}")
                    : try await api.request(.put, created.path, as: account, json: TripTests.bayArea)
                let written = try assertTrip(reply, .ok)
                XCTAssertGreaterThan(written.body.updated_at, previous.body.updated_at, "write \(index)")
                XCTAssertEqual(written.body.created_at, created.body.created_at, "created_at never changes")
                XCTAssertTrue(etags.insert(written.etag).inserted, "write \(index) repeated an ETag")
                previous = written
            }
            let read = try await api.getTrip(account, created.id)
            XCTAssertEqual(read.body, previous.body)
            XCTAssertEqual(read.etag, previous.etag)
        }
    }

    func testConcurrentWritesGetDistinctTimestampsAndETags() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let created = try await api.createTrip(account, name: "Busy")
            let writers = 8
            let trips = try await withThrowingTaskGroup(of: Trip.self) { group in
                for index in 0..<writers {
                    group.addTask {
                        try await api.withConnection { connection in
                            var last: Trip?
                            for round in 0..<3 {
                                let reply = try await connection.request(
                                    .patch, created.path, as: account, json: #"{"name": "Writer \#(index) round \#(round)"}"#)
                                last = try assertTrip(reply, .ok)
                            }
                            return last!
                        }
                    }
                }
                var trips: [Trip] = []
                for try await trip in group {
                    trips.append(trip)
                }
                return trips
            }
            XCTAssertEqual(Set(trips.map(\.body.updated_at)).count, writers, "two writes share an updated_at")
            XCTAssertEqual(Set(trips.map(\.etag)).count, writers, "two writes share an ETag")
            for trip in trips {
                XCTAssertEqual(trip.body.created_at, created.body.created_at)
                XCTAssertGreaterThan(trip.body.updated_at, created.body.updated_at)
            }
            // The stored state is the last write's, which has the greatest updated_at.
            let read = try await api.getTrip(account, created.id)
            let last = try XCTUnwrap(trips.max { $0.body.updated_at < $1.body.updated_at })
            XCTAssertEqual(read.body, last.body)
            XCTAssertEqual(read.etag, last.etag)
        }
    }
}
