import BSON
import Foundation
import XCTest

/// BSON and BSONDocument's own Codable conformance: unchanged through BSONEncoder and
/// BSONDecoder, natural through other coders.
final class BSONValueCodableTests: XCTestCase {
    private let id = ObjectId("507f1f77bcf86cd799439011")!

    private var everyCase: BSONDocument {
        [
            "double": 2.5, "string": "s\u{0}é", "document": ["inner": 1, "list": [true]], "array": [1, "two", nil],
            "objectId": .objectId(id), "bool": false, "datetime": .datetime(millisecondsSince1970: 1_700_000_000_000),
            "null": nil, "int32": .int32(-7), "int64": .int64(5_000_000_000),
        ]
    }

    func testEveryCasePassesThroughBSONCoders() throws {
        struct Holder: Codable, Equatable {
            var value: BSON
            var values: [BSON]
            var document: BSONDocument
        }
        for field in everyCase {
            XCTAssertEqual(try BSONEncoder().encodeValue(field.value), field.value)
            XCTAssertEqual(try BSONDecoder().decodeValue(BSON.self, from: field.value), field.value)
            let holder = Holder(value: field.value, values: [field.value], document: [field.key: field.value])
            let encoded = try BSONEncoder().encode(holder)
            XCTAssertEqual(encoded, ["value": field.value, "values": [field.value], "document": [field.key: field.value]])
            XCTAssertEqual(try BSONDecoder().decode(Holder.self, from: encoded), holder)
        }
        XCTAssertEqual(try BSONDecoder().decode(BSONDocument.self, from: BSONEncoder().encode(everyCase)), everyCase)
    }

    func testOwnConformanceIsNotReencodedByBSONCoders() throws {
        // Calling init(from:) and encode(to:) directly, as a hand-written Codable type might.
        struct Direct: Codable {
            var raw: BSON
            var document: BSONDocument
            init(raw: BSON, document: BSONDocument) { (self.raw, self.document) = (raw, document) }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: TestKey.self)
                raw = try BSON(from: container.superDecoder(forKey: "raw"))
                document = try BSONDocument(from: container.superDecoder(forKey: "document"))
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: TestKey.self)
                try raw.encode(to: container.superEncoder(forKey: "raw"))
                try document.encode(to: container.superEncoder(forKey: "document"))
            }
        }
        for field in everyCase {
            let encoded = try BSONEncoder().encode(Direct(raw: field.value, document: [field.key: field.value, "a": 1, "a": 2]))
            XCTAssertEqual(encoded, ["raw": field.value, "document": [field.key: field.value, "a": 1, "a": 2]])
            let decoded = try BSONDecoder().decode(Direct.self, from: encoded)
            XCTAssertEqual(decoded.raw, field.value)
            XCTAssertEqual(decoded.document, [field.key: field.value, "a": 1, "a": 2])
        }
        XCTAssertThrowsError(try BSONDecoder().decode(Direct.self, from: ["raw": 1, "document": [1]]))
    }

    func testJSONEncodingIsNatural() throws {
        let encoder = JSONEncoder()
        // JSONEncoder itself does not keep key order.
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(everyCase), as: UTF8.self)
        XCTAssertEqual(
            json,
            #"{"array":[1,"two",null],"bool":false,"datetime":"2023-11-14T22:13:20Z","document":{"inner":1,"list":[true]},"#
                + #""double":2.5,"int32":-7,"int64":5000000000,"null":null,"objectId":"507f1f77bcf86cd799439011","#
                + #""string":"s\u0000é"}"#)
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(BSON.array([.null, .objectId(id)])), as: UTF8.self), #"[null,"\#(id)"]"#)
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(BSON.int32(3)), as: UTF8.self), "3")
    }

    func testJSONEncodingKeepsTheFirstOfRepeatedKeys() throws {
        var document: BSONDocument = ["b": 1, "a": 2]
        document.append("b", 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(document), as: UTF8.self), #"{"a":2,"b":1}"#)
    }

    func testJSONDecodingIsNatural() throws {
        let json = #"""
            {"null": null, "bool": true, "small": -5, "large": 5000000000, "fraction": 2.5, "huge": 1e300, "string": "s",
             "document": {"list": [1, "x", {"deep": false}], "empty": {}}, "array": []}
            """#
        let document = try JSONDecoder().decode(BSONDocument.self, from: Data(json.utf8))
        XCTAssertEqual(
            Set(document.keys), ["null", "bool", "small", "large", "fraction", "huge", "string", "document", "array"])
        XCTAssertEqual(document["null"], .null)
        XCTAssertEqual(document["bool"], .bool(true))
        XCTAssertEqual(document["small"], .int32(-5))
        XCTAssertEqual(document["large"], .int64(5_000_000_000))
        XCTAssertEqual(document["fraction"], .double(2.5))
        XCTAssertEqual(document["huge"], .double(1e300))
        XCTAssertEqual(document["string"], .string("s"))
        XCTAssertEqual(document["array"], .array([]))
        let nested = try XCTUnwrap(document["document"]?.documentValue)
        XCTAssertEqual(nested["list"], [.int32(1), "x", ["deep": false]])
        XCTAssertEqual(nested["empty"], .document([:]))

        XCTAssertEqual(try JSONDecoder().decode(BSON.self, from: Data("[1, null]".utf8)), [.int32(1), nil])
        XCTAssertEqual(try JSONDecoder().decode(BSON.self, from: Data(#""text""#.utf8)), "text")
        XCTAssertThrowsError(try JSONDecoder().decode(BSONDocument.self, from: Data("[1]".utf8)))
    }

    func testJSONRoundTripOfAnObjectIdAndDate() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let json = try encoder.encode(["id": BSON.objectId(id), "at": .datetime(millisecondsSince1970: 1_700_000_000_000)] as BSONDocument)
        // JSON has no ObjectId or datetime: they come back as what they were written as.
        let decoded = try JSONDecoder().decode(BSONDocument.self, from: json)
        XCTAssertEqual(decoded["id"], .string(id.description))
        XCTAssertEqual(decoded["at"]?.integerValue, 1_700_000_000_000)
    }
}
