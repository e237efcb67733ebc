import BSON
import XCTest

/// A server may hand a number back with another numeric type than it was written with.
final class BSONNumericDecodingTests: XCTestCase {
    private let decoder = BSONDecoder()

    func testIntegersDecodeFromAnyNumericTypeThatConvertsExactly() throws {
        for value: BSON in [.int32(42), .int64(42), .double(42)] {
            XCTAssertEqual(try decoder.decodeValue(Int.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(Int8.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(Int16.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(Int32.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(Int64.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(UInt.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(UInt8.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(UInt16.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(UInt32.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(UInt64.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(Double.self, from: value), 42)
            XCTAssertEqual(try decoder.decodeValue(Float.self, from: value), 42)
        }
        XCTAssertEqual(try decoder.decodeValue(Int32.self, from: .int64(Int64(Int32.min))), .min)
        XCTAssertEqual(try decoder.decodeValue(Int64.self, from: .double(-9_007_199_254_740_992)), -9_007_199_254_740_992)
        XCTAssertEqual(try decoder.decodeValue(Int.self, from: .double(-0.0)), 0)
        XCTAssertEqual(try decoder.decodeValue(Double.self, from: .int64(1 << 53)), 9_007_199_254_740_992)
    }

    func testAModelWrittenWithOtherNumericTypesDecodes() throws {
        let document: BSONDocument = [
            "int": .int32(1), "int8": .double(-2), "int16": .int64(3), "int32": .double(4), "int64": .int32(5), "uint": .double(6),
            "uint8": .int64(7), "uint16": .int32(8), "uint32": .int32(9), "uint64": .double(10), "float": .int32(11),
            "double": .int64(12),
        ]
        let widths = try decoder.decode(BSONCodingTests.Widths.self, from: document)
        XCTAssertEqual(
            widths,
            BSONCodingTests.Widths(
                int: 1, int8: -2, int16: 3, int32: 4, int64: 5, uint: 6, uint8: 7, uint16: 8, uint32: 9, uint64: 10, float: 11, double: 12))
    }
}
