import BSON
import Foundation
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
