import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// The writable fields' rules on POST, PUT and PATCH, and the exact paths of offending fields.
final class TripValidationTests: XCTestCase {
    static func waypoint(_ name: String = "W", _ latitude: Any = 0, _ longitude: Any = 0) -> [String: Any] {
        ["name": name, "latitude": latitude, "longitude": longitude]
    }

    /// POSTs `json`, expects 400 with exactly `fields`, and checks nothing was created.
    static func assertRejectedEverywhere(
        _ api: API, _ account: Account, _ trip: Trip, _ json: String, _ fields: Set<String>, patch: Bool = true,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        assertValidationError(try await api.request(.post, "/trips", as: account, json: json), fields, file: file, line: line)
        assertValidationError(try await api.request(.put, trip.path, as: account, json: json), fields, file: file, line: line)
        if patch {
            assertValidationError(try await api.request(.patch, trip.path, as: account, json: json), fields, file: file, line: line)
        }
    }

    /// The trip is unchanged and the account has only it.
    static func assertUnchanged(_ api: API, _ account: Account, _ trip: Trip, file: StaticString = #filePath, line: UInt = #line) async throws {
        let after = try await api.getTrip(account, trip.id, file: file, line: line)
        XCTAssertEqual(after.body, trip.body, file: file, line: line)
        XCTAssertEqual(after.etag, trip.etag, file: file, line: line)
        let listed = try await api.listTrips(account, file: file, line: line).trips.map(\._id)
        XCTAssertEqual(listed, [trip.id], "a rejected POST created a trip", file: file, line: line)
    }

    // MARK: name

    func testNameIsRequiredOnPostAndPut() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            for json in ["{}", #"{"completed": true}"#, #"{"waypoints": []}"#] {
                try await Self.assertRejectedEverywhere(api, account, trip, json, ["name"], patch: false)
            }
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testNameLengthAfterTrimming() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            let invalid = [
                "", " ", "   \n\t  ", String(repeating: "a", count: 201), "  " + String(repeating: "a", count: 201) + "  ",
                String(repeating: "é", count: 201),
                String(repeating: "e\u{301}", count: 201),
                String(repeating: "👨‍👩‍👧‍👦", count: 201),
            ]
            for name in invalid {
                try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": \#(jsonString(name))}"#, ["name"])
            }
            try await Self.assertUnchanged(api, account, trip)

            let valid = [
                "a", String(repeating: "a", count: 200), "   " + String(repeating: "a", count: 200) + "\n ",
                String(repeating: "é", count: 200),  // 400 bytes
                String(repeating: "e\u{301}", count: 200),  // 400 scalars
                String(repeating: "👨‍👩‍👧‍👦", count: 200),  // 2200 scalars, 5000 bytes
                String(repeating: "🇫🇷", count: 200),
            ]
            for name in valid {
                let expected = name.trimmingCharacters(in: .whitespacesAndNewlines)
                let created = try await api.createTrip(account, name: name)
                XCTAssertEqual(created.body.name, expected)
                let put = try assertTrip(try await api.request(.put, trip.path, as: account, json: #"{"name": \#(jsonString(name))}"#), .ok)
                XCTAssertEqual(put.body.name, expected)
                let patched = try assertTrip(try await api.request(.patch, trip.path, as: account, json: #"{"name": \#(jsonString(name))}"#), .ok)
                XCTAssertEqual(patched.body.name, expected)
            }
        }
    }

    func testNameMustBeAString() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            for value in ["null", "5", "true", "[]", "{}", #"["a"]"#] {
                try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": \#(value)}"#, ["name"])
            }
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    // MARK: completed

    func testCompletedMustBeABoolean() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            for value in ["null", #""true""#, "1", "0", "[]", "{}"] {
                try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": "x", "completed": \#(value)}"#, ["completed"])
            }
            try await Self.assertUnchanged(api, account, trip)
            let done = try await api.createTrip(account, #"{"name": "x", "completed": true}"#)
            XCTAssertEqual(done.body.completed, true)
        }
    }

    // MARK: waypoints

    func testWaypointsMustBeAnArrayOfObjects() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            for value in ["null", "{}", #""a""#, "5", "true"] {
                try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": "x", "waypoints": \#(value)}"#, ["waypoints"])
            }
            try await Self.assertRejectedEverywhere(
                api, account, trip, #"{"name": "x", "waypoints": [{"name": "a", "latitude": 0, "longitude": 0}, 5, null, []]}"#,
                ["waypoints[1]", "waypoints[2]", "waypoints[3]"])
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testAtMostOneThousandWaypoints() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Original")
            let many = (0..<1001).map { Self.waypoint("W\($0)", Double($0 % 180) - 89.5, Double($0 % 360) - 179.5) }
            try await Self.assertRejectedEverywhere(api, account, trip, jsonText(["name": "x", "waypoints": many]), ["waypoints"])
            try await Self.assertUnchanged(api, account, trip)

            let thousand = Array(many.prefix(1000))
            let created = try await api.createTrip(account, jsonText(["name": "x", "waypoints": thousand]))
            XCTAssertEqual(created.body.waypoints.count, 1000)
            XCTAssertEqual(created.body.waypoints.map(\.name), (0..<1000).map { "W\($0)" })
            XCTAssertEqual(created.body.waypoints[999].latitude, Double(999 % 180) - 89.5)
            XCTAssertEqual(created.body.waypoints[999].longitude, Double(999 % 360) - 179.5)
        }
    }

    func testWaypointFieldsAreRequired() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            let json = jsonText([
                "name": "x",
                "waypoints": [
                    Self.waypoint(),
                    ["latitude": 1, "longitude": 1],
                    ["name": "b", "longitude": 1],
                    ["name": "c", "latitude": 1],
                    [String: Any](),
                ],
            ])
            try await Self.assertRejectedEverywhere(
                api, account, trip, json,
                [
                    "waypoints[1].name", "waypoints[2].latitude", "waypoints[3].longitude",
                    "waypoints[4].name", "waypoints[4].latitude", "waypoints[4].longitude",
                ])
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testCoordinateBounds() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            let json = #"""
                {"name": "x", "waypoints": [
                    {"name": "ok", "latitude": 0, "longitude": 0},
                    {"name": "north", "latitude": 90.0001, "longitude": 0},
                    {"name": "south", "latitude": -90.5, "longitude": 0},
                    {"name": "east", "latitude": 0, "longitude": 180.0001},
                    {"name": "west", "latitude": 0, "longitude": -181},
                    {"name": "both", "latitude": 1e3, "longitude": -1e3}
                ]}
                """#
            try await Self.assertRejectedEverywhere(
                api, account, trip, json,
                [
                    "waypoints[1].latitude", "waypoints[2].latitude", "waypoints[3].longitude", "waypoints[4].longitude",
                    "waypoints[5].latitude", "waypoints[5].longitude",
                ])
            try await Self.assertUnchanged(api, account, trip)

            // The bounds themselves are valid; integers are numbers too.
            let edges = [Self.waypoint("a", -90, -180), Self.waypoint("b", 90, 180), Self.waypoint("c", 0, 0), Self.waypoint("d", 45.5, -0.25)]
            let created = try await api.createTrip(account, jsonText(["name": "Edges", "waypoints": edges]))
            XCTAssertEqual(
                created.body.waypoints,
                [
                    Waypoint(name: "a", latitude: -90, longitude: -180), Waypoint(name: "b", latitude: 90, longitude: 180),
                    Waypoint(name: "c", latitude: 0, longitude: 0), Waypoint(name: "d", latitude: 45.5, longitude: -0.25),
                ])
            let put = try assertTrip(try await api.request(.put, trip.path, as: account, json: jsonText(["name": "Edges", "waypoints": edges])), .ok)
            XCTAssertEqual(put.body.waypoints, created.body.waypoints)
        }
    }

    func testCoordinatesMustBeNumbers() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            let json = #"""
                {"name": "x", "waypoints": [
                    {"name": "string", "latitude": "37.8", "longitude": 0},
                    {"name": "bool", "latitude": 0, "longitude": true},
                    {"name": "null", "latitude": null, "longitude": null},
                    {"name": "array", "latitude": [1], "longitude": {}}
                ]}
                """#
            try await Self.assertRejectedEverywhere(
                api, account, trip, json,
                [
                    "waypoints[0].latitude", "waypoints[1].longitude", "waypoints[2].latitude", "waypoints[2].longitude",
                    "waypoints[3].latitude", "waypoints[3].longitude",
                ])
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testWaypointNames() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            let names: [Any] = ["", "  \t ", String(repeating: "w", count: 201), String(repeating: "é", count: 201), NSNull(), 5, true]
            let json = jsonText(["name": "x", "waypoints": names.map { Self.waypoint("", 0, 0).merging(["name": $0]) { $1 } }])
            try await Self.assertRejectedEverywhere(api, account, trip, json, Set((0..<names.count).map { "waypoints[\($0)].name" }))
            try await Self.assertUnchanged(api, account, trip)

            let valid = ["W", String(repeating: "é", count: 200), String(repeating: "👨‍👩‍👧‍👦", count: 200), " " + String(repeating: "w", count: 200) + " "]
            let created = try await api.createTrip(account, jsonText(["name": "x", "waypoints": valid.map { Self.waypoint($0) }]))
            XCTAssertEqual(created.body.waypoints.map(\.name), valid.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        }
    }

    // MARK: unknown fields, nulls, every field at once

    func testUnknownFieldsAreRejected() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": "x", "foo": 1}"#, ["foo"])
            try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": "x", "Name": "y", "foo": null}"#, ["Name", "foo"])
            try await Self.assertRejectedEverywhere(
                api, account, trip,
                #"{"name": "x", "waypoints": [{"name": "a", "latitude": 0, "longitude": 0}, {"name": "b", "latitude": 0, "longitude": 0, "altitude": 10}]}"#,
                ["waypoints[1].altitude"])
            // Read-only trip fields are not read-only waypoint fields.
            try await Self.assertRejectedEverywhere(
                api, account, trip, #"{"name": "x", "waypoints": [{"name": "a", "latitude": 0, "longitude": 0, "_id": "65a1f0c2e4b0a1b2c3d4e5f6"}]}"#,
                ["waypoints[0]._id"])
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testNullIsNotAValueForAnyWritableField() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": null}"#, ["name"])
            try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": "x", "completed": null}"#, ["completed"])
            try await Self.assertRejectedEverywhere(api, account, trip, #"{"name": "x", "waypoints": null}"#, ["waypoints"])
            try await Self.assertRejectedEverywhere(
                api, account, trip, #"{"name": null, "completed": null, "waypoints": null}"#, ["name", "completed", "waypoints"])
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testEveryOffendingFieldIsListed() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            let json = #"""
                {"name": "   ", "completed": "no", "color": "red", "waypoints": [
                    {"name": "fine", "latitude": 10, "longitude": 10},
                    {"name": "", "latitude": 91, "longitude": 10},
                    {"name": "fine", "latitude": 10, "longitude": -200, "note": "x"}
                ]}
                """#
            try await Self.assertRejectedEverywhere(
                api, account, trip, json,
                ["name", "completed", "color", "waypoints[1].name", "waypoints[1].latitude", "waypoints[2].longitude", "waypoints[2].note"])
            try await Self.assertUnchanged(api, account, trip)
        }
    }

    func testPatchValidatesOnlyWhatIsPresentButRejectsBadValues() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, TripTests.bayArea)
            assertValidationError(try await api.request(.patch, trip.path, as: account, json: #"{"name": ""}"#), ["name"])
            assertValidationError(
                try await api.request(.patch, trip.path, as: account, json: #"{"waypoints": [{"name": "a", "latitude": 0}]}"#),
                ["waypoints[0].longitude"])
            try await Self.assertUnchanged(api, account, trip)
            // PATCH needs no name.
            let patched = try assertTrip(try await api.request(.patch, trip.path, as: account, json: #"{"completed": false}"#), .ok)
            XCTAssertEqual(patched.body.name, trip.body.name)
        }
    }
}
