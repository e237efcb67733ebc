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

    /// Every type, an empty key, and an array long enough for two-digit keys.
    static var varied: BSONDocument {
        var document = everyType
        document.append("long", .array((0..<12).map { .int32(Int32($0)) }))
        document.append("", .string("an empty key"))
        return document
    }

    func testWrittenBytesAreLibbsonsOwn() throws {
        let written = try Self.varied.withLibbson { bson in
            Array(UnsafeBufferPointer(start: bson_get_data(bson), count: Int(cmongoc_bson_length(bson))))
        }
        XCTAssertEqual(written, LibbsonReference.bytes(of: Self.varied))
    }

    func testDocumentsLibbsonBuiltReadAsBuilt() throws {
        let read = try LibbsonReference.withBSON(Self.varied) { try BSONDocument(libbson: $0) }
        XCTAssertEqual(read, Self.varied)
        XCTAssertEqual(read.keys, Self.varied.keys)
    }

    /// Every byte of a document changed to values that break lengths, types and terminators,
    /// and every truncation: each read either fails as malformed or returns a document, and
    /// never reads outside the bytes (the address sanitizer, `make asan`, checks that part).
    func testDamagedBytesAreRefusedNotTrusted() throws {
        let bytes = LibbsonReference.bytes(of: Self.varied)
        var refused = 0
        for position in bytes.indices {
            for replacement: UInt8 in [0x00, 0x01, 0x02, 0x04, 0x7F, 0x80, 0xFF] where replacement != bytes[position] {
                var damaged = bytes
                damaged[position] = replacement
                if (try? damaged.withUnsafeBytes { try BSONReader.document(from: $0) }) == nil { refused += 1 }
            }
        }
        for count in 0..<bytes.count {
            XCTAssertThrowsError(try bytes[..<count].withUnsafeBytes { try BSONReader.document(from: $0) })
        }
        XCTAssertGreaterThan(refused, bytes.count, "most damage is detected")
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
