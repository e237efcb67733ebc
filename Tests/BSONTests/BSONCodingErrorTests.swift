import BSON
import Foundation
import XCTest

final class BSONCodingErrorTests: XCTestCase {
    private let encoder = BSONEncoder()
    private let decoder = BSONDecoder()

    private func trip(_ change: (inout BSONDocument) -> Void) throws -> BSONDocument {
        var document = try encoder.encode(Trip.sample)
        change(&document)
        return document
    }

    private func waypoint(_ index: Int, in document: inout BSONDocument, _ change: (inout BSONDocument) -> Void) {
        guard case .array(var waypoints) = document["waypoints"], var waypoint = waypoints[index].documentValue else {
            return XCTFail("No waypoint \(index)")
        }
        change(&waypoint)
        waypoints[index] = .document(waypoint)
        document["waypoints"] = .array(waypoints)
    }

    func testTypeMismatchDeepInsideHasTheFullPath() throws {
        let document = try trip { self.waypoint(2, in: &$0) { $0["latitude"] = "north" } }
        guard case .typeMismatch(let type, let context)? = decodingError(try decoder.decode(Trip.self, from: document)) else {
            return XCTFail()
        }
        XCTAssert(type == Double.self)
        XCTAssertEqual(context.codingPath.strings, ["waypoints", "Index 2", "latitude"])
        XCTAssertEqual(context.codingPath.map(\.intValue), [nil, 2, nil])
    }

    func testMissingKeyIsKeyNotFoundAtTheContainer() throws {
        let topLevel = try trip { $0["title"] = nil }
        guard case .keyNotFound(let key, let context)? = decodingError(try decoder.decode(Trip.self, from: topLevel)) else {
            return XCTFail()
        }
        XCTAssertEqual(key.stringValue, "title")
        XCTAssertEqual(context.codingPath.strings, [])

        let nested = try trip { self.waypoint(1, in: &$0) { $0["name"] = nil } }
        guard case .keyNotFound(let nestedKey, let nestedContext)? = decodingError(try decoder.decode(Trip.self, from: nested)) else {
            return XCTFail()
        }
        XCTAssertEqual(nestedKey.stringValue, "name")
        XCTAssertEqual(nestedContext.codingPath.strings, ["waypoints", "Index 1"])
    }

    func testNullForANonOptionalIsValueNotFound() throws {
        for (key, expectedType) in [("title", String.self), ("_id", ObjectId.self), ("createdAt", Date.self), ("waypoints", [BSON].self)] as [(String, Any.Type)] {
            let document = try trip { $0[key] = .null }
            guard case .valueNotFound(let type, let context)? = decodingError(try decoder.decode(Trip.self, from: document)) else {
                return XCTFail(key)
            }
            XCTAssert(type == expectedType, "\(key): \(type)")
            XCTAssertEqual(context.codingPath.strings, [key])
        }
        let nested = try trip { self.waypoint(0, in: &$0) { $0["longitude"] = .null } }
        guard case .valueNotFound(_, let context)? = decodingError(try decoder.decode(Trip.self, from: nested)) else {
            return XCTFail()
        }
        XCTAssertEqual(context.codingPath.strings, ["waypoints", "Index 0", "longitude"])
    }

    func testWrongTypesAreTypeMismatches() throws {
        let cases: [(BSON, Any.Type, (BSON) throws -> Any)] = [
            (.double(2.5), Int.self, { try self.decoder.decodeValue(Int.self, from: $0) }),
            (.int32(300), Int8.self, { try self.decoder.decodeValue(Int8.self, from: $0) }),
            (.int32(-1), UInt8.self, { try self.decoder.decodeValue(UInt8.self, from: $0) }),
            (.int64(-1), UInt.self, { try self.decoder.decodeValue(UInt.self, from: $0) }),
            (.int64(1 << 40), Int32.self, { try self.decoder.decodeValue(Int32.self, from: $0) }),
            (.double(1e20), Int64.self, { try self.decoder.decodeValue(Int64.self, from: $0) }),
            (.double(.nan), Int.self, { try self.decoder.decodeValue(Int.self, from: $0) }),
            (.int64(1 << 53 + 1), Double.self, { try self.decoder.decodeValue(Double.self, from: $0) }),
            (.int32(16_777_217), Float.self, { try self.decoder.decodeValue(Float.self, from: $0) }),
            (.double(1e300), Float.self, { try self.decoder.decodeValue(Float.self, from: $0) }),
            (.string("5"), Int.self, { try self.decoder.decodeValue(Int.self, from: $0) }),
            (.bool(true), Int.self, { try self.decoder.decodeValue(Int.self, from: $0) }),
            (.int32(1), Bool.self, { try self.decoder.decodeValue(Bool.self, from: $0) }),
            (.int32(1), String.self, { try self.decoder.decodeValue(String.self, from: $0) }),
            (.string("507f1f77bcf86cd799439011"), ObjectId.self, { try self.decoder.decodeValue(ObjectId.self, from: $0) }),
            (.double(1_700_000_000), Date.self, { try self.decoder.decodeValue(Date.self, from: $0) }),
            (.array([]), BSONDocument.self, { try self.decoder.decodeValue(BSONDocument.self, from: $0) }),
            (.document([:]), [BSON].self, { try self.decoder.decodeValue([Int].self, from: $0) }),
            (.string("x"), BSONDocument.self, { try self.decoder.decodeValue(Waypoint.self, from: $0) }),
        ]
        for (value, expectedType, decode) in cases {
            guard case .typeMismatch(let type, let context)? = decodingError(try decode(value)) else {
                XCTFail("\(value) as \(expectedType)")
                continue
            }
            XCTAssert(type == expectedType, "\(value): \(type)")
            XCTAssertEqual(context.codingPath.strings, [])
        }
    }

    func testTypeMismatchesInEveryContainerHaveTheirPath() {
        guard case .typeMismatch(_, let keyed)? = decodingError(try decoder.decode([String: Int8].self, from: ["a": 1, "b": 300])) else {
            return XCTFail()
        }
        XCTAssertEqual(keyed.codingPath.strings, ["b"])
        guard case .typeMismatch(_, let unkeyed)? = decodingError(try decoder.decode([String: [Int]].self, from: ["a": [1, 2.5]])) else {
            return XCTFail()
        }
        XCTAssertEqual(unkeyed.codingPath.strings, ["a", "Index 1"])
        guard case .typeMismatch(_, let nested)? = decodingError(try decoder.decodeValue([[Int]].self, from: [[1], [2, 3, "4"]])) else {
            return XCTFail()
        }
        XCTAssertEqual(nested.codingPath.strings, ["Index 1", "Index 2"])
    }

    func testReadingPastTheEndOfAnArrayIsValueNotFound() {
        struct Triple: Decodable {
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                for _ in 0..<3 { _ = try container.decode(Int.self) }
            }
        }
        guard case .valueNotFound(let type, let context)? = decodingError(try decoder.decode([String: Triple].self, from: ["t": [1, 2]])) else {
            return XCTFail()
        }
        XCTAssert(type == Int.self)
        XCTAssertEqual(context.codingPath.strings, ["t", "Index 2"])
    }

    func testAFailedDecodeDoesNotMoveAnArrayOn() throws {
        struct Flexible: Decodable {
            var values: [String]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                values = []
                while !container.isAtEnd {
                    if try container.decodeNil() {
                        values.append("nil")
                    } else if let number = try? container.decode(Int.self) {
                        values.append("int \(number)")
                    } else {
                        values.append("string \(try container.decode(String.self))")
                    }
                }
                XCTAssertEqual(container.currentIndex, container.count)
            }
        }
        XCTAssertEqual(try decoder.decodeValue(Flexible.self, from: [1, "a", nil, 2.0]).values, ["int 1", "string a", "nil", "int 2"])
    }

    func testTopLevelEncodeNeedsADocument() {
        for (value, description) in [(1 as any Encodable, "Int"), ([1, 2], "Array"), (BSON.int32(1), "BSON"), ("text", "String"), (Trip.sample.id, "ObjectId")] {
            guard case .invalidValue(_, let context)? = encodingError(try encoder.encode(value)) else {
                XCTFail(description)
                continue
            }
            XCTAssertEqual(context.codingPath.strings, [])
        }
        XCTAssertNoThrow(try encoder.encode(["key": 1]))
        XCTAssertNoThrow(try encoder.encodeValue(1))
    }

    func testTopLevelDecodeOfAScalarFromADocumentIsATypeMismatch() {
        guard case .typeMismatch(let type, let context)? = decodingError(try decoder.decode(Int.self, from: ["a": 1])) else {
            return XCTFail()
        }
        XCTAssert(type == Int.self)
        XCTAssertEqual(context.codingPath.strings, [])
    }

    func testUnsignedIntegersAboveInt64AreRejected() throws {
        struct Unsigned: Encodable {
            var small: UInt64 = 1
            var values: [UInt]
            var large: UInt64
        }
        guard case .invalidValue(let value, let context)? = encodingError(try encoder.encode(Unsigned(values: [], large: .max))) else {
            return XCTFail()
        }
        XCTAssertEqual(value as? UInt64, .max)
        XCTAssertEqual(context.codingPath.strings, ["large"])
        guard case .invalidValue(_, let nested)? = encodingError(try encoder.encode(Unsigned(values: [0, .max], large: 0))) else {
            return XCTFail()
        }
        XCTAssertEqual(nested.codingPath.strings, ["values", "Index 1"])
        XCTAssertEqual(try encoder.encode(Unsigned(values: [UInt(Int64.max)], large: UInt64(Int64.max)))["large"], .int64(.max))
    }
}
