import BSON
import Foundation
import Hummingbird
import TripPlannerModels
import XCTest

@testable import TripPlanner

/// The JSON shapes the contract fixes for ids and timestamps.
final class JSONCodingTests: XCTestCase {
    struct Stamped: Codable, Equatable {
        var _id: ObjectId
        var created_at: Date
    }

    func testIdsAreLowerCaseHexAndTimestampsRFC3339WithMilliseconds() throws {
        let value = Stamped(
            _id: ObjectId("65A1F0C2E4B0A1B2C3D4E5F6")!,
            created_at: Date(timeIntervalSince1970: 1_795_253_400.5))
        let json = try JSONSerialization.jsonObject(with: JSONCoding.encoder.encode(value)) as? [String: String]
        XCTAssertEqual(json, ["_id": "65a1f0c2e4b0a1b2c3d4e5f6", "created_at": "2026-11-21T09:30:00.500Z"])
    }

    func testWholeSecondsStillShowMilliseconds() throws {
        let value = Stamped(_id: ObjectId(), created_at: Date(timeIntervalSince1970: 1_795_253_400))
        let text = String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
        XCTAssertTrue(text.contains(#""2026-11-21T09:30:00.000Z""#), text)
    }

    func testTimestampsDecodeWithOrWithoutFractionAndOffset() throws {
        for (text, seconds) in [
            ("2026-11-21T09:30:00.250Z", 1_795_253_400.25),
            ("2026-11-21T09:30:00Z", 1_795_253_400),
            ("2026-11-21T10:30:00+01:00", 1_795_253_400),
        ] {
            let json = Data(#"{"_id": "65a1f0c2e4b0a1b2c3d4e5f6", "created_at": "\#(text)"}"#.utf8)
            let value = try JSONCoding.decoder.decode(Stamped.self, from: json)
            XCTAssertEqual(value.created_at.timeIntervalSince1970, seconds, accuracy: 0.0005, text)
        }
    }

    func testMalformedTimestampIsRejected() {
        let json = Data(#"{"_id": "65a1f0c2e4b0a1b2c3d4e5f6", "created_at": "yesterday"}"#.utf8)
        XCTAssertThrowsError(try JSONCoding.decoder.decode(Stamped.self, from: json))
    }
}

extension JSONCodingTests {
    /// Every millisecond of a second renders as stored, even where the floating-point date
    /// sits just below it.
    func testEveryStoredMillisecondRendersExactly() throws {
        let second: Int64 = 1_795_253_400_000
        for millisecond in 0..<1000 {
            let date = Date(millisecondsSince1970: second + Int64(millisecond))
            let expected = "2026-11-21T09:30:00.\(String(1000 + millisecond).dropFirst())Z"
            XCTAssertEqual(JSONCoding.timestamp(date), expected)
        }
        XCTAssertEqual(JSONCoding.timestamp(Date(millisecondsSince1970: -1)), "1969-12-31T23:59:59.999Z")
    }

    func testTheSameValueAlwaysEncodesToTheSameBytes() throws {
        let value = Stamped(_id: ObjectId(), created_at: Date())
        let first = try JSONCoding.encoder.encode(value)
        for _ in 0..<20 {
            XCTAssertEqual(try JSONCoding.encoder.encode(value), first)
        }
    }
}

/// `JSONWriter` renders every type the server sends byte for byte as `JSONCoding.encoder` does.
extension JSONCodingTests {
    private func assertWrittenAsEncoded(
        _ value: some JSONWritable, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var json = JSONWriter()
        try json.write(value)
        let written = String(decoding: json.bytes, as: UTF8.self)
        let encoded = String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
        XCTAssertEqual(written, encoded, file: file, line: line)
    }

    private static let awkwardStrings: [String] = [
        "",
        String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) })),
        #"quote " backslash \ slash / </script>"#,
        "line\nbreak\r\ttab\u{8}\u{C}",
        "\u{7F} \u{80} \u{2028} \u{2029} \u{FEFF}",
        "Café, e\u{301}, 東京, 😀🇫🇷",
    ]

    private static let awkwardNumbers: [Double] = [
        0, -0.0, 5, -5, 90, -180, 37.8199, -122.4783, 0.1, 1e-5, 1e-7, 0.0001, 123456.789,
        1e15, 1e16, 1e21, 1.2345678901234568e17, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.ulpOfOne,
    ]

    private func trip(name: String, waypoints: [TripPlannerModels.Waypoint], milliseconds: Int64 = 1_795_253_400_123) -> TripPlannerModels.Trip {
        TripPlannerModels.Trip(
            id: ObjectId(), owner: ObjectId(), name: name, completed: milliseconds % 2 == 0, waypoints: waypoints,
            createdAt: Date(millisecondsSince1970: milliseconds), updatedAt: Date(millisecondsSince1970: milliseconds + 1))
    }

    func testWriterMatchesEncoderOnAwkwardStringsAndNumbers() throws {
        for name in Self.awkwardStrings {
            let waypoints = Self.awkwardNumbers.map { TripPlannerModels.Waypoint(name: name, latitude: $0, longitude: -$0) }
            try assertWrittenAsEncoded(trip(name: name, waypoints: waypoints))
            try assertWrittenAsEncoded(FieldFailure(path: name, message: name))
        }
        try assertWrittenAsEncoded(trip(name: "no stops", waypoints: [], milliseconds: -1))
    }

    /// Random strings of any scalars (control characters over-represented) and random finite
    /// doubles of every magnitude, from a fixed seed so that a failure repeats.
    func testWriterMatchesEncoderOnRandomTrips() throws {
        var random = SplitMix64(seed: 2026)
        func string() -> String {
            String(String.UnicodeScalarView((0..<Int.random(in: 0..<12, using: &random)).map { _ in
                switch Int.random(in: 0..<4, using: &random) {
                case 0: Unicode.Scalar(UInt8.random(in: 0..<0x20, using: &random))
                case 1: Unicode.Scalar(UInt8.random(in: 0x20..<0x80, using: &random))
                default: Unicode.Scalar(UInt32.random(in: 0x80...0x10FFFF, using: &random)) ?? "\u{FFFD}"
                }
            }))
        }
        func number() -> Double {
            var number: Double
            repeat {
                number = Bool.random(using: &random)
                    ? Double(bitPattern: random.next()) : Double(Int.random(in: -180...180, using: &random))
            } while !number.isFinite
            return number
        }
        for _ in 0..<500 {
            let waypoints = (0..<Int.random(in: 0..<4, using: &random)).map { _ in
                TripPlannerModels.Waypoint(name: string(), latitude: number(), longitude: number())
            }
            try assertWrittenAsEncoded(
                trip(name: string(), waypoints: waypoints, milliseconds: .random(in: -10_000_000_000_000...10_000_000_000_000, using: &random)))
        }
    }

    func testWriterMatchesEncoderOnEveryRenderedType() throws {
        let trips = [trip(name: "Coast", waypoints: [TripPlannerModels.Waypoint(name: "Golden Gate", latitude: 37.8199, longitude: -122.4783)])]
        try assertWrittenAsEncoded(TripPlannerModels.TripPage(trips: trips, next: "AAABm2xyz-_"))
        try assertWrittenAsEncoded(TripPlannerModels.TripPage(trips: [], next: nil))
        try assertWrittenAsEncoded(User(id: ObjectId(), username: "alice", createdAt: Date(millisecondsSince1970: 0)))
        try assertWrittenAsEncoded(ErrorDetail.Envelope(error: APIError.notFound.body))
        try assertWrittenAsEncoded(
            ErrorDetail.Envelope(error: APIError.validationFailed([FieldFailure(path: "waypoints[2].latitude", message: "must be a number")]).body))
        try assertWrittenAsEncoded(ErrorDetail.Envelope(error: APIError.invalidQuery([]).body))
        try assertWrittenAsEncoded(HealthStatus(status: "ok", error: nil))
        try assertWrittenAsEncoded(HealthStatus(status: "unavailable", error: APIError.databaseUnavailable.body))
        try assertWrittenAsEncoded(
            ServiceDescription(endpoints: [.init(method: "GET", path: "/trips/{id}", authentication: "basic")]))
    }

    func testWriterRefusesWhatJSONCannotExpress() {
        for number in [Double.nan, .infinity, -.infinity] {
            var json = JSONWriter()
            XCTAssertThrowsError(try json.write(TripPlannerModels.Waypoint(name: "x", latitude: number, longitude: 0)))
            XCTAssertThrowsError(try JSONCoding.encoder.encode(TripPlannerModels.Waypoint(name: "x", latitude: number, longitude: 0)))
        }
    }
}
