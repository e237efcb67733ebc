import Foundation
import Hummingbird
import XCTest

/// `GET /places` and `GET /trips?place=`: waypoint names across the caller's trips.
final class PlaceTests: XCTestCase {
    struct PlaceBody: Decodable, Equatable {
        var name: String
        var latitude: Double
        var longitude: Double
        var trips: Int
        var last_visited_at: String
    }

    struct PlaceList: Decodable {
        var places: [PlaceBody]
    }

    static func places(_ api: API, _ account: Account, _ query: String = "") async throws -> [PlaceBody] {
        let reply = try await api.request(.get, "/places" + query, as: account)
        assertStatus(reply, .ok)
        return try reply.decode(PlaceList.self).places
    }

    static func trip(_ name: String, _ waypoints: [(String, Double, Double)], completed: Bool = false) -> String {
        jsonText([
            "name": name, "completed": completed,
            "waypoints": waypoints.map { ["name": $0.0, "latitude": $0.1, "longitude": $0.2] },
        ])
    }

    func testGroupsCountsOrdersAndTakesTheLatestTripsCoordinates() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let none = try await Self.places(api, account)
            XCTAssertEqual(none, [])
            // Paris in three trips, the last one created being the oldest update below.
            let first = try await api.createTrip(account, Self.trip("One", [("Paris", 48.85, 2.35), ("Lyon", 45.76, 4.83), ("Paris", 1, 1)]))
            _ = try await api.createTrip(account, Self.trip("Two", [("Paris", 48.86, 2.34), ("Brest", 48.39, -4.49)]))
            let third = try await api.createTrip(account, Self.trip("Three", [("Lyon", 45.75, 4.84), ("Paris", 48.87, 2.33)]))
            _ = try await api.createTrip(account, Self.trip("Empty", []))

            var places = try await Self.places(api, account)
            XCTAssertEqual(places.map(\.name), ["Paris", "Lyon", "Brest"], "by trips descending, then name")
            XCTAssertEqual(places.map(\.trips), [3, 2, 1], "a trip through a place twice counts once")
            XCTAssertEqual(places[0].latitude, 48.87, "from the most recently updated trip")
            XCTAssertEqual(places[0].last_visited_at, third.body.updated_at)
            XCTAssertEqual(places[1].latitude, 45.75)

            // Updating the first trip makes it the latest: its first Paris is the one shown.
            let patched = try await api.request(.patch, first.path, as: account, json: #"{"completed": true}"#)
            let updated = try assertTrip(patched, .ok)
            places = try await Self.places(api, account)
            XCTAssertEqual(places[0].latitude, 48.85)
            XCTAssertEqual(places[0].longitude, 2.35)
            XCTAssertEqual(places[0].last_visited_at, updated.body.updated_at)
            XCTAssertEqual(places[1].latitude, 45.76)

            let firstTwo = try await Self.places(api, account, "?limit=2").map(\.name)
            XCTAssertEqual(firstTwo, ["Paris", "Lyon"])
            let all = try await Self.places(api, account, "?limit=1000").count
            XCTAssertEqual(all, 3)
        }
    }

    func testNamesCompareExactlyAndTiesGoByName() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            _ = try await api.createTrip(account, Self.trip("A", [("b", 1, 1), ("B", 2, 2), ("  a  ", 3, 3), ("Ä", 4, 4)]))
            let places = try await Self.places(api, account)
            XCTAssertEqual(places.map(\.name), ["B", "a", "b", "Ä"], "stored trimmed, compared exactly, ordered by name")
            XCTAssertEqual(places.map(\.trips), [1, 1, 1, 1])
        }
    }

    func testOnlyTheCallersPlaces() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let stranger = try await api.signUp()
            _ = try await api.createTrip(stranger, Self.trip("Theirs", [("Secret", 1, 1)]))
            _ = try await api.createTrip(account, Self.trip("Mine", [("Home", 2, 2)]))
            let mine = try await Self.places(api, account).map(\.name)
            XCTAssertEqual(mine, ["Home"])
            let throughTheirs = try await api.listTrips(account, "?place=Secret").trips.count
            XCTAssertEqual(throughTheirs, 0)
            assertUnauthorized(try await api.request(.get, "/places"))
            assertUnauthorized(try await api.request(.get, "/trips?place=Home"))
        }
    }

    func testQueryErrors() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            for bad in ["limit=0", "limit=1001", "limit=x", "limit=", "limit=1&limit=2"] {
                assertError(try await api.request(.get, "/places?\(bad)", as: account), .badRequest, "invalid_query", fields: ["limit"])
            }
            assertError(try await api.request(.get, "/places?place=x", as: account), .badRequest, "invalid_query", fields: ["place"])
            let long = String(repeating: "é", count: 201)
            for bad in ["place=", "place=" + percentEncoded(long), "place=a&place=b"] {
                assertError(try await api.request(.get, "/trips?\(bad)", as: account), .badRequest, "invalid_query", fields: ["place"])
            }
            let longest = String(repeating: "é", count: 200)
            let throughLongest = try await api.listTrips(account, "?place=" + percentEncoded(longest)).trips.count
            XCTAssertEqual(throughLongest, 0)
        }
    }

    func testTripsByPlaceCombineWithCompletedAndPageExactlyOnce() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            var expected: [String] = []
            for index in 0..<13 {
                let through = index % 3 != 0
                let trip = try await api.createTrip(account, Self.trip(
                    "Trip \(index)", through ? [("Start", 0, 0), ("Rome", 41.9, 12.5)] : [("Elsewhere", 1, 1)],
                    completed: index % 2 == 0))
                if through { expected.append(trip.id) }
            }
            let all = try await api.listTrips(account, "?place=Rome&limit=100")
            XCTAssertEqual(all.trips.map(\._id), expected.reversed(), "newest first, only trips through Rome")
            XCTAssertTrue(all.trips.allSatisfy { $0.waypoints.contains { $0.name == "Rome" } })

            let completed = try await api.listTrips(account, "?place=Rome&completed=true&limit=100")
            XCTAssertEqual(completed.trips.map(\._id), all.trips.filter(\.completed).map(\._id))

            // Pages of 2 while more trips through Rome are created: each trip that existed is seen once.
            let walked = try await api.walkTrips(account, query: "place=Rome&limit=2") {
                _ = try await api.createTrip(account, Self.trip("During", [("Rome", 41.9, 12.5)]))
            }
            let ids = walked.map(\._id)
            XCTAssertEqual(Set(ids).count, ids.count, "no trip twice")
            XCTAssertTrue(Set(ids).isSuperset(of: expected), "every trip that existed")
            let lowerCase = try await api.listTrips(account, "?place=rome").trips.count
            XCTAssertEqual(lowerCase, 0, "names compare exactly")
        }
    }

    /// `+` is a space, as forms and most HTTP libraries encode one; `%2B` is a plus.
    func testPlaceIsDecodedAsFormsEncodeIt() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let spaced = try await api.createTrip(account, Self.trip("Spaced", [("Golden Gate", 1, 1)]))
            let plus = try await api.createTrip(account, Self.trip("Plus", [("A+B", 1, 1)]))
            for query in ["?place=Golden+Gate", "?place=Golden%20Gate", "?place=%47olden+Gate"] {
                let found = try await api.listTrips(account, query).trips.map(\._id)
                XCTAssertEqual(found, [spaced.id], query)
            }
            let withPlus = try await api.listTrips(account, "?place=A%2BB").trips.map(\._id)
            XCTAssertEqual(withPlus, [plus.id])
            let withSpace = try await api.listTrips(account, "?place=A+B").trips.count
            XCTAssertEqual(withSpace, 0)
            assertError(try await api.request(.get, "/trips?place=%ff", as: account), .badRequest, "invalid_query")
        }
    }
}
