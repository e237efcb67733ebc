import BSON
import Foundation
import Hummingbird
import Mongo
import Synchronization
import XCTest

/// `distance_km` on every trip, and `GET /trips/stats`.
final class TripStatsTests: XCTestCase {
    struct Month: Decodable, Equatable {
        var month: String
        var trips: Int
        var completed: Int
        var distance_km: Double
    }

    struct Stats: Decodable {
        var trips: Int
        var completed: Int
        var waypoints: Int
        var distance_km: Double
        var first_trip_at: String?
        var last_trip_at: String?
        var months: [Month]
    }

    static func stats(_ api: API, _ account: Account) async throws -> Stats {
        let reply = try await api.request(.get, "/trips/stats", as: account)
        assertStatus(reply, .ok)
        return try reply.decode(Stats.self)
    }

    static func distance(_ reply: Reply) throws -> Double? {
        try reply.object()["distance_km"] as? Double
    }

    /// Along the equator, one degree is 2π × 6371.0088 km / 360.
    func testDistanceOfKnownRoutes() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let cases: [([(Double, Double)], Double)] = [
                ([], 0), ([(10, 20)], 0), ([(0, 0), (0, 1)], 111.195), ([(0, 0), (0, 1), (0, 2)], 222.39),
                ([(0, 0), (0, 1), (0, 0)], 222.39), ([(90, 0), (-90, 0)], 20015.114), ([(0, 179.5), (0, -179.5)], 111.195),
                ([(37.8199, -122.4783), (37.8199, -122.4783)], 0),
            ]
            for (points, expected) in cases {
                let body = PlaceTests.trip("Route", points.enumerated().map { ("P\($0.offset)", $0.element.0, $0.element.1) })
                let created = try await api.request(.post, "/trips", as: account, json: body)
                assertStatus(created, .created)
                XCTAssertEqual(try Self.distance(created), expected, "\(points)")
                let read = try await api.request(.get, created.headers[.location]!, as: account)
                XCTAssertEqual(try Self.distance(read), expected, "\(points)")
            }
            let listed = try await api.request(.get, "/trips?limit=100", as: account)
            let trips = try XCTUnwrap(listed.object()["trips"] as? [[String: Any]])
            XCTAssertEqual(trips.compactMap { $0["distance_km"] as? Double }.count, cases.count, "every listed trip has it")
        }
    }

    func testDistanceFollowsWritesAndIsReadOnly() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, PlaceTests.trip("Line", [("A", 0, 0), ("B", 0, 1)]))
            let renamed = try await api.request(
                .patch, trip.path, as: account, json: #"{"name": "Renamed", "distance_km": 5}"#)
            XCTAssertEqual(try Self.distance(renamed), 111.195, "a body's distance_km is ignored")
            let extended = try await api.request(
                .patch, trip.path, as: account, json: PlaceTests.trip("Line", [("A", 0, 0), ("B", 0, 1), ("C", 0, 2)]))
            XCTAssertEqual(try Self.distance(extended), 222.39)
            let cleared = try await api.request(.put, trip.path, as: account, json: #"{"name": "Nothing"}"#)
            XCTAssertEqual(try Self.distance(cleared), 0)
            let totalDistance = try await Self.stats(api, account).distance_km
            XCTAssertEqual(totalDistance, 0)
        }
    }

    /// A trip stored before v1.1 has no `distance_km`; it is rendered with one all the same.
    func testTripsStoredWithoutDistanceAreRenderedWithIt() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let client = try MongoClient(MongoConfiguration(uri: TestArguments().mongoURI))
            var old = Self.stored(try XCTUnwrap(ObjectId(account.id)), created: .now, completed: false, distance: 0, waypoints: 0)
            old["waypoints"] = [["name": "A", "latitude": 0.0, "longitude": 0.0], ["name": "B", "latitude": 0.0, "longitude": 1.0]]
            old["distance_km"] = nil
            try await client.database(TestArguments().database).collection("trips").insertOne(old)
            try await client.close()
            let reply = try await api.request(.get, "/trips/\(old["_id"]!.objectIdValue!)", as: account)
            assertStatus(reply, .ok)
            XCTAssertEqual(try Self.distance(reply), 111.195)
        }
    }

    /// The server stores the missing `distance_km` at start, so stats count such a trip too,
    /// and the trip keeps its `updated_at`: nothing a client reads of it changed.
    func testTripsStoredWithoutDistanceCountInStatsAfterTheServerStarts() async throws {
        var arguments = TestArguments()
        arguments.database = freshDatabase("backfill")
        let client = try MongoClient(MongoConfiguration(uri: arguments.mongoURI))
        let trips = client.database(arguments.database).collection("trips")
        let written = Date(millisecondsSince1970: Date.now.millisecondsSince1970 - 86_400_000)
        let signedUp = Mutex<Account?>(nil)
        try await withServer(arguments) { api in
            let account = try await api.signUp()
            signedUp.withLock { $0 = account }
        }
        let account = try XCTUnwrap(signedUp.withLock { $0 })
        var old = Self.stored(try XCTUnwrap(ObjectId(account.id)), created: written, completed: false, distance: 0, waypoints: 0)
        old["waypoints"] = [["name": "A", "latitude": 0.0, "longitude": 0.0], ["name": "B", "latitude": 0.0, "longitude": 1.0]]
        old["distance_km"] = nil
        try await trips.insertOne(old)
        try await client.close()

        let id = try XCTUnwrap(old["_id"]?.objectIdValue).description
        try await withServer(arguments) { api in
            let deadline = ContinuousClock.now + .seconds(15)
            var stats = try await Self.stats(api, account)
            while stats.distance_km == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                stats = try await Self.stats(api, account)
            }
            XCTAssertEqual(stats.distance_km, 111.195)
            let trip = try await api.getTrip(account, id)
            XCTAssertEqual(timestampDate(trip.body.updated_at)?.millisecondsSince1970, written.millisecondsSince1970, "updated_at, and with it the ETag, stays")
        }
    }

    func testEmptyStatsHaveTwelveZeroMonths() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let reply = try await api.request(.get, "/trips/stats", as: account)
            let object = try reply.object()
            XCTAssertTrue(object["first_trip_at"] is NSNull && object["last_trip_at"] is NSNull, reply.text)
            let stats = try reply.decode(Stats.self)
            XCTAssertEqual([stats.trips, stats.completed, stats.waypoints], [0, 0, 0])
            XCTAssertEqual(stats.distance_km, 0)
            XCTAssertEqual(stats.months.map(\.month), Self.lastTwelveMonths(endingAt: .now))
            XCTAssertTrue(stats.months.allSatisfy { $0.trips == 0 && $0.completed == 0 && $0.distance_km == 0 })
            assertUnauthorized(try await api.request(.get, "/trips/stats"))
        }
    }

    /// Trips created in earlier months are written straight to the database, as the API only
    /// creates trips now.
    func testTotalsAndMonthsCountOnlyTheCallersTrips() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let stranger = try await api.signUp()
            _ = try await api.createTrip(stranger, PlaceTests.trip("Theirs", [("A", 0, 0), ("B", 0, 1)], completed: true))
            _ = try await api.createTrip(account, PlaceTests.trip("Now", [("A", 0, 0), ("B", 0, 1)], completed: true))
            let latest = try await api.createTrip(account, PlaceTests.trip("Also now", [("A", 0, 0)]))

            let months = Self.lastTwelveMonths(endingAt: .now)
            let owner = try XCTUnwrap(ObjectId(account.id))
            let client = try MongoClient(MongoConfiguration(uri: TestArguments().mongoURI))
            let trips = client.database(TestArguments().database).collection("trips")
            let threeMonthsAgo = Self.date(inMonth: months[8])
            let elevenMonthsAgo = Self.date(inMonth: months[0])
            let thirteenMonthsAgo = try XCTUnwrap(Calendar.utc.date(byAdding: .month, value: -2, to: elevenMonthsAgo))
            try await trips.insertOne(Self.stored(owner, created: threeMonthsAgo, completed: true, distance: 222.39, waypoints: 3))
            try await trips.insertOne(Self.stored(owner, created: elevenMonthsAgo, completed: false, distance: 1.5, waypoints: 2))
            try await trips.insertOne(Self.stored(owner, created: thirteenMonthsAgo, completed: true, distance: 10, waypoints: 1))
            try await client.close()

            let stats = try await Self.stats(api, account)
            XCTAssertEqual(stats.trips, 5)
            XCTAssertEqual(stats.completed, 3)
            XCTAssertEqual(stats.waypoints, 2 + 1 + 3 + 2 + 1)
            XCTAssertEqual(stats.distance_km, 111.195 + 222.39 + 1.5 + 10, accuracy: 0.0005)
            XCTAssertEqual(stats.first_trip_at.flatMap(timestampDate), thirteenMonthsAgo)
            XCTAssertEqual(stats.last_trip_at, latest.body.created_at)
            XCTAssertEqual(stats.months.map(\.month), months)
            var expected = months.map { Month(month: $0, trips: 0, completed: 0, distance_km: 0) }
            expected[11] = Month(month: months[11], trips: 2, completed: 1, distance_km: 111.195)
            expected[8] = Month(month: months[8], trips: 1, completed: 1, distance_km: 222.39)
            expected[0] = Month(month: months[0], trips: 1, completed: 0, distance_km: 1.5)
            XCTAssertEqual(stats.months, expected)
        }
    }

    static func stored(_ owner: ObjectId, created: Date, completed: Bool, distance: Double, waypoints: Int) -> BSONDocument {
        [
            "_id": .objectId(ObjectId()), "owner": .objectId(owner), "name": "Stored", "completed": .bool(completed),
            "waypoints": .array((0..<waypoints).map { ["name": .string("W\($0)"), "latitude": 0.0, "longitude": 0.0] }),
            "distance_km": .double(distance), "created_at": .datetime(created), "updated_at": .datetime(created),
        ]
    }

    /// `YYYY-MM` of the 12 months up to `now`'s, UTC, oldest first; computed independently of the server.
    static func lastTwelveMonths(endingAt now: Date) -> [String] {
        let parts = Calendar.utc.dateComponents([.year, .month], from: now)
        let index = parts.year! * 12 + parts.month! - 1
        return (index - 11...index).map { String(format: "%04d-%02d", $0 / 12, $0 % 12 + 1) }
    }

    /// The 15th of a `YYYY-MM` month at noon UTC, whole milliseconds.
    static func date(inMonth month: String) -> Date {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        return Calendar.utc.date(from: DateComponents(year: parts[0], month: parts[1], day: 15, hour: 12))!
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
