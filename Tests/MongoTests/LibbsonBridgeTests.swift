import BSON
import CMongoc
import XCTest

@testable import Mongo

/// BSON values survive the trip into a `bson_t` and back, bit for bit.
final class LibbsonBridgeTests: XCTestCase {
    static let everyType: BSONDocument = [
        "double": .double(-1.5e300),
        "string": .string("héllo, 世界 👋"),
        "nul": .string("before\u{0}after"),
        "empty": .string(""),
        "document": ["nested": ["deeper": .int32(1)], "list": [.bool(false), .null]],
        "array": [.int32(1), .string("two"), .array([.double(3)]), ["four": .int64(4)]],
        "objectId": .objectId(ObjectId("65A1F0C2E4B0A1B2C3D4E5F6")!),
        "true": .bool(true),
        "false": .bool(false),
        "datetime": .datetime(millisecondsSince1970: 1_795_772_200_123),
        "before1970": .datetime(millisecondsSince1970: -86_400_001),
        "null": .null,
        "int32": .int32(.min),
        "int64": .int64(.max),
        "infinity": .double(.infinity),
    ]

    func testEveryTypeRoundTripsThroughLibbson() throws {
        let copy = try Self.everyType.withLibbson { try BSONDocument(libbson: $0) }
        XCTAssertEqual(copy, Self.everyType)
        XCTAssertEqual(copy.keys, Self.everyType.keys, "field order is kept")
    }

    func testWrittenBytesAreValidBSONThatLibbsonReadsAsWritten() throws {
        var document = Self.everyType
        document.append("long", .array((0..<12).map { .int32(Int32($0)) }))
        document.append("", .string("an empty key"))
        let flags = bson_validate_flags_t(BSON_VALIDATE_UTF8.rawValue | BSON_VALIDATE_UTF8_ALLOW_NULL.rawValue)
        var offset = 0
        XCTAssertTrue(try document.withLibbson { bson_validate($0, flags, &offset) }, "invalid at byte \(offset)")
        XCTAssertEqual(try document.withLibbson { try BSONDocument(libbson: $0) }, document)
        // An array's keys are its indexes, "10" and "11" included.
        let keys = try document.withLibbson { bson in
            try LibbsonStorage.withIterator { iterator in
                try LibbsonStorage.withIterator { child in
                    guard bson_iter_init_find(iterator, bson, "long"), bson_iter_recurse(iterator, child) else {
                        throw MongoError.invalidDocument("no array")
                    }
                    var keys: [String] = []
                    while bson_iter_next(child) { keys.append(String(cString: bson_iter_key(child))) }
                    return keys
                }
            }
        }
        XCTAssertEqual(keys, (0..<12).map(String.init))
    }

    func testDuplicateKeysAndEmptyContainersRoundTrip() throws {
        var document: BSONDocument = ["a": 1, "empty": [:], "none": []]
        document.append("a", 2)
        let copy = try document.withLibbson { try BSONDocument(libbson: $0) }
        XCTAssertEqual(copy.fields, document.fields)
    }

    func testKeyWithNulIsRejected() {
        let document: BSONDocument = ["ok": ["bad\u{0}key": 1]]
        XCTAssertThrowsError(try document.withLibbson { _ in }) { error in
            guard case MongoError.invalidDocument = error else { return XCTFail("unexpected \(error)") }
        }
    }
}
