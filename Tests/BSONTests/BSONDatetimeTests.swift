import BSON
import Foundation
import XCTest

final class BSONDatetimeTests: XCTestCase {
    func testDatesTruncateToTheMillisecond() throws {
        let cases: [(TimeInterval, Int64)] = [
            (1_700_000_000.1239, 1_700_000_000_123), (1_700_000_000.12399, 1_700_000_000_123), (1.0015, 1001), (0, 0),
            (-0.0015, -2), (-1, -1000), (0.0009, 0), (-0.0001, -1),
        ]
        for (seconds, milliseconds) in cases {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(BSON.datetime(date), .datetime(millisecondsSince1970: milliseconds), "\(seconds)")
            XCTAssertEqual(try BSONEncoder().encodeValue(date), .datetime(millisecondsSince1970: milliseconds), "\(seconds)")
        }
        let decoded = try BSONDecoder().decodeValue(Date.self, from: BSONEncoder().encodeValue(Date(timeIntervalSince1970: 1_700_000_000.1239)))
        XCTAssertEqual(decoded, Date(timeIntervalSince1970: 1_700_000_000.123))
    }

    func testEveryDatetimeSurvivesATripThroughDate() throws {
        // The first five used to come back a millisecond early: a Date made from them is a hair
        // below the millisecond, and truncating dropped it. Exact for about ±17,000 years, where a
        // Double still resolves a fraction of a millisecond.
        var milliseconds: [Int64] = [-887_000_514_288, -1_908_309_512_687, 425_063_218_731, -1_897_136_565_951, 119_031_415_606]
        milliseconds += stride(from: -3_000_000_000_000, to: 5_000_000_000_000, by: 7_999_999_937).map { $0 }
        milliseconds += [0, 1, -1, 999, 64_092_211_200_000, -62_135_769_600_000, 1 << 48, -(1 << 48)]
        var failures: [Int64] = []
        for value in milliseconds {
            let date = try BSONDecoder().decodeValue(Date.self, from: .datetime(millisecondsSince1970: value))
            if try BSONEncoder().encodeValue(date) != .datetime(millisecondsSince1970: value) || BSON.datetime(date) != .datetime(millisecondsSince1970: value) {
                failures.append(value)
            }
        }
        XCTAssertEqual(failures, [])
    }

    func testDatesBSONCannotHoldAreRejected() {
        struct Event: Encodable { var at: Date }
        for seconds in [TimeInterval.infinity, -.infinity, .nan, 1e17] {
            guard case .invalidValue(_, let context)? = encodingError(try BSONEncoder().encode(Event(at: Date(timeIntervalSince1970: seconds)))) else {
                XCTFail("\(seconds)")
                continue
            }
            XCTAssertEqual(context.codingPath.strings, ["at"])
        }
    }
}
