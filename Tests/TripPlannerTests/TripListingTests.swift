import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// `GET /trips`: order, limits, the completed filter, query errors and pagination.
final class TripListingTests: XCTestCase {
    /// Creates `count` trips named `prefix0`…, completed where `completed(index)` says, oldest first.
    static func createTrips(
        _ api: API, _ account: Account, _ count: Int, prefix: String = "Trip ", completed: (Int) -> Bool = { _ in false }
    ) async throws -> [Trip] {
        var trips: [Trip] = []
        for index in 0..<count {
            trips.append(try await api.createTrip(account, #"{"name": "\#(prefix)\#(index)", "completed": \#(completed(index))}"#))
        }
        return trips
    }

    func testEmptyListing() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let reply = try await api.request(.get, "/trips", as: account)
            XCTAssertEqual(reply.status, .ok)
            assertJSONContentType(reply)
            let object = try reply.object()
            XCTAssertEqual((object["trips"] as? [Any])?.count, 0, reply.text)
            XCTAssertTrue(object["next"] is NSNull, "next is null on the last page: \(reply.text)")
        }
    }

    func testNewestFirstWithFullTrips() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let first = try await api.createTrip(account, TripTests.bayArea)
            let others = try await Self.createTrips(api, account, 4)
            let page = try await api.listTrips(account)
            XCTAssertEqual(page.trips.map(\._id), (others.reversed() + [first]).map(\.id))
            XCTAssertEqual(page.trips.last, first.body)
            XCTAssertNil(page.next)
            // Only the caller's trips.
            let stranger = try await api.signUp()
            _ = try await api.createTrip(stranger, name: "Not yours")
            let again = try await api.listTrips(account)
            XCTAssertEqual(again.trips.count, 5)
        }
    }

    func testDefaultLimitIs20() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trips = try await Self.createTrips(api, account, 25)
            let first = try await api.listTrips(account)
            XCTAssertEqual(first.trips.map(\._id), trips.reversed().prefix(20).map(\.id))
            let cursor = try XCTUnwrap(first.next, "a second page exists")
            let second = try await api.listTrips(account, "?cursor=" + percentEncoded(cursor))
            XCTAssertEqual(second.trips.map(\._id), trips.reversed().suffix(5).map(\.id))
            XCTAssertNil(second.next)
        }
    }

    func testLimitBounds() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trips = try await Self.createTrips(api, account, 3)
            let one = try await api.listTrips(account, "?limit=1")
            XCTAssertEqual(one.trips.map(\._id), [trips[2].id])
            XCTAssertNotNil(one.next)
            let hundred = try await api.listTrips(account, "?limit=100")
            XCTAssertEqual(hundred.trips.count, 3)
            XCTAssertNil(hundred.next)
            let exact = try await api.listTrips(account, "?limit=3")
            XCTAssertEqual(exact.trips.count, 3)
            if let next = exact.next {
                // A page that happens to end at the last trip may still point at an empty one.
                let empty = try await api.listTrips(account, "?limit=3&cursor=" + percentEncoded(next))
                XCTAssertEqual(empty.trips.count, 0)
                XCTAssertNil(empty.next)
            }
            for bad in ["0", "101", "-1", "abc", "1.5", "", "1e1", "20x", "99999999999999999999999"] {
                assertError(try await api.request(.get, "/trips?limit=\(bad)", as: account), .badRequest, "invalid_query", fields: ["limit"])
            }
        }
    }

    func testLimitOfAHundred() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trips = try await Self.createTrips(api, account, 101)
            let page = try await api.listTrips(account, "?limit=100")
            XCTAssertEqual(page.trips.map(\._id), trips.reversed().prefix(100).map(\.id))
            let next = try XCTUnwrap(page.next)
            let last = try await api.listTrips(account, "?limit=100&cursor=" + percentEncoded(next))
            XCTAssertEqual(last.trips.map(\._id), [trips[0].id])
            XCTAssertNil(last.next)
        }
    }

    func testCompletedFilter() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trips = try await Self.createTrips(api, account, 7, completed: { $0 % 3 == 0 })
            let done = try await api.listTrips(account, "?completed=true")
            XCTAssertEqual(done.trips.map(\._id), trips.reversed().filter(\.body.completed).map(\.id))
            XCTAssertTrue(done.trips.allSatisfy(\.completed))
            let open = try await api.listTrips(account, "?completed=false")
            XCTAssertEqual(open.trips.map(\._id), trips.reversed().filter { !$0.body.completed }.map(\.id))
            // Paged through, with the filter on every page.
            let walked = try await api.walkTrips(account, query: "completed=true&limit=1")
            XCTAssertEqual(walked.map(\._id), done.trips.map(\._id))
            let walkedOpen = try await api.walkTrips(account, query: "limit=2&completed=false")
            XCTAssertEqual(walkedOpen.map(\._id), open.trips.map(\._id))
            // A PATCH moves a trip between the two.
            assertStatus(try await api.request(.patch, trips[1].path, as: account, json: #"{"completed": true}"#), .ok)
            let doneAfter = try await api.listTrips(account, "?completed=true")
            XCTAssertTrue(doneAfter.trips.map(\._id).contains(trips[1].id))
        }
    }

    func testBadQueryParameters() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            _ = try await Self.createTrips(api, account, 2)
            let cases: [(String, String)] = [
                ("completed=yes", "completed"), ("completed=1", "completed"), ("completed=", "completed"),
                ("foo=1", "foo"), ("limit=5&foo=1", "foo"), ("owner=x", "owner"),
                ("limit=1&limit=2", "limit"), ("completed=true&completed=true", "completed"),
                ("cursor=garbage", "cursor"), ("cursor=", "cursor"), ("cursor=a&cursor=b", "cursor"),
                // Well-formed base64url, but times no document can have: before 1970, after 6429.
                ("cursor=000000000000000000000000000", "cursor"), ("cursor=f_________________________8", "cursor"),
            ]
            for (query, field) in cases {
                assertError(try await api.request(.get, "/trips?" + query, as: account), .badRequest, "invalid_query", fields: [field])
            }
            // A real cursor given twice is still repeated.
            let page = try await api.listTrips(account, "?limit=1")
            let cursor = percentEncoded(try XCTUnwrap(page.next))
            assertError(
                try await api.request(.get, "/trips?cursor=\(cursor)&cursor=\(cursor)", as: account), .badRequest, "invalid_query",
                fields: ["cursor"])
        }
    }

    func testCursorFromAnotherFilterIsAllowed() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trips = try await Self.createTrips(api, account, 4, completed: { $0 % 2 == 0 })
            let page = try await api.listTrips(account, "?limit=1")  // trips[3], not completed
            let cursor = percentEncoded(try XCTUnwrap(page.next))
            let rest = try await api.listTrips(account, "?completed=true&cursor=\(cursor)")
            XCTAssertEqual(rest.trips.map(\._id), [trips[2].id, trips[0].id])
        }
    }

    func testPaginationReturnsEveryTripOnceWhileTripsAreCreated() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let existing = try await Self.createTrips(api, account, 13)
            let added = Counter()
            // Between pages, a second connection creates two more trips.
            let walked = try await api.withConnection { other in
                try await api.walkTrips(account, query: "limit=4") {
                    for _ in 0..<2 {
                        _ = try await other.createTrip(account, name: "During \(added.next())")
                    }
                }
            }
            assertEachExactlyOnce(walked, existing)
        }
    }

    func testPaginationWithLimitOneWhileTripsAreCreatedConcurrently() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let existing = try await Self.createTrips(api, account, 8)
            // A second connection keeps creating trips for the whole walk.
            let walked = try await api.withConnection { other in
                try await withThrowingTaskGroup(of: [TripBody].self) { group in
                    let done = Flag()
                    group.addTask {
                        var index = 0
                        while !done.isSet && index < 200 {
                            _ = try await other.createTrip(account, name: "Concurrent \(index)")
                            index += 1
                        }
                        return []
                    }
                    group.addTask {
                        defer { done.set() }
                        return try await api.walkTrips(account, query: "limit=1")
                    }
                    var walked: [TripBody] = []
                    for try await trips in group {
                        walked += trips
                    }
                    return walked
                }
            }
            assertEachExactlyOnce(walked, existing)
            // The walk stays newest first among the trips that existed.
            let order = walked.map(\._id).filter { id in existing.contains { $0.id == id } }
            XCTAssertEqual(order, existing.reversed().map(\.id))
        }
    }
}

/// Every trip of `existing` appears exactly once in `walked`, and nothing appears twice.
func assertEachExactlyOnce(_ walked: [TripBody], _ existing: [Trip], file: StaticString = #filePath, line: UInt = #line) {
    let ids = walked.map(\._id)
    for trip in existing {
        XCTAssertEqual(ids.filter { $0 == trip.id }.count, 1, "\(trip.body.name) listed \(ids.filter { $0 == trip.id }.count) times", file: file, line: line)
    }
    XCTAssertEqual(Set(ids).count, ids.count, "a trip was listed twice", file: file, line: line)
}

/// A flag set once, read from other tasks.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
