import BSON
import Foundation
import XCTest

final class BSONCodingTests: XCTestCase {
    private let encoder = BSONEncoder()
    private let decoder = BSONDecoder()

    func testNestedModelRoundTrips() throws {
        let document = try encoder.encode(Trip.sample)
        XCTAssertEqual(try decoder.decode(Trip.self, from: document), Trip.sample)

        var changed = Trip.sample
        changed.notes = "Bring\u{0}a hat"
        changed.budget = nil
        changed.waypoints[1].arrival = Date(timeIntervalSince1970: 0)
        XCTAssertEqual(try decoder.decode(Trip.self, from: encoder.encode(changed)), changed)
    }

    func testNestedModelEncodesAsExpected() throws {
        let document = try encoder.encode(Trip.sample)
        XCTAssertEqual(
            document.keys, ["_id", "owner", "title", "createdAt", "waypoints", "budget", "isPublic", "tags", "ratings", "memberIds", "grid"])
        XCTAssertEqual(document["_id"], .objectId(Trip.sample.id))
        XCTAssertEqual(document["title"], .string("Côte d'Azur 🌊"))
        XCTAssertEqual(document["createdAt"], .datetime(millisecondsSince1970: 1_700_000_000_123))
        XCTAssertEqual(document["budget"], .double(1234.5))
        XCTAssertEqual(document["isPublic"], .bool(true))
        XCTAssertEqual(document["tags"], ["sea", "", "food"])
        XCTAssertEqual(document["memberIds"], .array(Trip.sample.memberIds.map(BSON.objectId)))
        XCTAssertEqual(document["grid"], .array([.array([.int64(1), .int64(2)]), .array([]), .array([.int64(.min), .int64(.max)])]))
        XCTAssertEqual(document["ratings"]?.documentValue?.keys.sorted(), ["food", "weather"])
        XCTAssertEqual(document["ratings"]?.documentValue?["weather"], .int64(-2))
        XCTAssertEqual(
            document["waypoints"],
            [
                ["name": "Nice", "latitude": 43.7102, "longitude": 7.262, "arrival": .datetime(millisecondsSince1970: 1_700_100_000_000)],
                ["name": "Monaco", "latitude": 43.7384, "longitude": 7.4246],
                ["name": "Menton", "latitude": 43.7747, "longitude": 7.4975, "arrival": .datetime(millisecondsSince1970: -1500)],
            ])
    }

    func testOptionals() throws {
        struct Optionals: Codable, Equatable {
            var present: Int?
            var absent: Int?
            var nested: Waypoint?
        }
        let value = Optionals(present: 0, absent: nil, nested: Waypoint(name: "x", latitude: 0, longitude: 0))
        let document = try encoder.encode(value)
        XCTAssertEqual(document.keys, ["present", "nested"])
        XCTAssertEqual(try decoder.decode(Optionals.self, from: document), value)
        XCTAssertEqual(
            try decoder.decode(Optionals.self, from: ["present": nil, "absent": nil, "nested": nil]),
            Optionals(present: nil, absent: nil, nested: nil))
        XCTAssertEqual(try decoder.decode(Optionals.self, from: [:]), Optionals())
        XCTAssertEqual(try decoder.decodeValue([Int?].self, from: [nil, 1, nil]), [nil, 1, nil])
        XCTAssertEqual(try encoder.encodeValue([nil, 1, nil] as [Int?]), [nil, .int64(1), nil])
        XCTAssertEqual(try encoder.encodeValue(Int?.none), .null)
    }

    func testExplicitNils() throws {
        struct ExplicitNils: Encodable {
            func encode(to encoder: any Encoder) throws {
                var keyed = encoder.container(keyedBy: TestKey.self)
                try keyed.encodeNil(forKey: "keyed")
                try keyed.encode(Int?.none, forKey: "optional")
                var unkeyed = keyed.nestedUnkeyedContainer(forKey: "unkeyed")
                try unkeyed.encodeNil()
                var single = keyed.superEncoder(forKey: "single").singleValueContainer()
                try single.encodeNil()
            }
        }
        XCTAssertEqual(try encoder.encode(ExplicitNils()), ["keyed": nil, "optional": nil, "unkeyed": [nil], "single": nil])
    }

    struct Widths: Codable, Equatable {
        var int: Int, int8: Int8, int16: Int16, int32: Int32, int64: Int64
        var uint: UInt, uint8: UInt8, uint16: UInt16, uint32: UInt32, uint64: UInt64
        var float: Float, double: Double
    }

    func testIntegerWidthsMapToBSONTypes() throws {
        let largest = Widths(
            int: .max, int8: .max, int16: .max, int32: .max, int64: .max, uint: UInt(Int64.max), uint8: .max, uint16: .max,
            uint32: .max, uint64: UInt64(Int64.max), float: .greatestFiniteMagnitude, double: .greatestFiniteMagnitude)
        let smallest = Widths(
            int: .min, int8: .min, int16: .min, int32: .min, int64: .min, uint: 0, uint8: 0, uint16: 0, uint32: 0, uint64: 0,
            float: -.leastNonzeroMagnitude, double: -.leastNonzeroMagnitude)
        XCTAssertEqual(
            try encoder.encode(largest),
            [
                "int": .int64(.max), "int8": .int32(127), "int16": .int32(32767), "int32": .int32(.max), "int64": .int64(.max),
                "uint": .int64(.max), "uint8": .int32(255), "uint16": .int32(65535), "uint32": .int64(4_294_967_295),
                "uint64": .int64(.max), "float": .double(Double(Float.greatestFiniteMagnitude)),
                "double": .double(.greatestFiniteMagnitude),
            ])
        XCTAssertEqual(
            try encoder.encode(smallest),
            [
                "int": .int64(.min), "int8": .int32(-128), "int16": .int32(-32768), "int32": .int32(.min), "int64": .int64(.min),
                "uint": .int64(0), "uint8": .int32(0), "uint16": .int32(0), "uint32": .int64(0), "uint64": .int64(0),
                "float": .double(Double(-Float.leastNonzeroMagnitude)), "double": .double(-.leastNonzeroMagnitude),
            ])
        for widths in [largest, smallest] {
            XCTAssertEqual(try decoder.decode(Widths.self, from: encoder.encode(widths)), widths)
        }
    }

    func testFloatsRoundTripAndDoublesRoundToFloat() throws {
        XCTAssertEqual(try encoder.encodeValue(Float(0.1)), .double(Double(Float(0.1))))
        XCTAssertEqual(try decoder.decodeValue(Float.self, from: encoder.encodeValue(Float(0.1))), 0.1)
        XCTAssertEqual(try decoder.decodeValue(Float.self, from: .double(0.1)), 0.1)
        XCTAssertEqual(try decoder.decodeValue(Float.self, from: .double(.infinity)), .infinity)
        XCTAssert(try decoder.decodeValue(Double.self, from: .double(.nan)).isNaN)
        guard case .double(let negativeZero) = try encoder.encodeValue(-0.0 as Double) else { return XCTFail() }
        XCTAssertEqual(negativeZero.sign, .minus)
    }

    func testStringsKeepUnicodeAndNUL() throws {
        let strings = ["", "plain", "é e\u{301} 日本語 🇫🇷👩‍👩‍👧", "before\u{0}after", "\u{0}", "line\nbreak\t\"quoted\""]
        XCTAssertEqual(try encoder.encodeValue(strings), .array(strings.map(BSON.string)))
        XCTAssertEqual(try decoder.decodeValue([String].self, from: encoder.encodeValue(strings)), strings)
        XCTAssertEqual(try decoder.decodeValue(String.self, from: "before\u{0}after").unicodeScalars.count, 12)
    }

    func testDictionariesAreDocuments() throws {
        let waypoints = ["start": Trip.sample.waypoints[0], "end": Trip.sample.waypoints[2]]
        let document = try encoder.encode(waypoints)
        XCTAssertEqual(Set(document.keys), ["start", "end"])
        XCTAssertEqual(document["end"]?.documentValue?["name"], "Menton")
        XCTAssertEqual(try decoder.decode([String: Waypoint].self, from: document), waypoints)

        let numbered = [1: "one", -2: "minus two"]
        let numberedDocument = try encoder.encode(numbered)
        XCTAssertEqual(Set(numberedDocument.keys), ["1", "-2"])
        XCTAssertEqual(try decoder.decode([Int: String].self, from: numberedDocument), numbered)

        XCTAssertEqual(try encoder.encode([String: Int]()), [:])
        XCTAssertEqual(try decoder.decode([String: [Int]].self, from: ["a": [1, 2], "b": []]), ["a": [1, 2], "b": []])
    }

    func testSpecialTypesPassAtTheTopLevel() throws {
        let id = Trip.sample.id
        let date = Date(timeIntervalSince1970: 1_700_000_000.5)
        let document: BSONDocument = ["z": 1, "a": ["x": .objectId(id)]]
        XCTAssertEqual(try encoder.encodeValue(id), .objectId(id))
        XCTAssertEqual(try encoder.encodeValue(date), .datetime(millisecondsSince1970: 1_700_000_000_500))
        XCTAssertEqual(try encoder.encodeValue(document), .document(document))
        XCTAssertEqual(try encoder.encode(document), document)
        XCTAssertEqual(try encoder.encode(BSON.document(document)), document)
        XCTAssertEqual(try decoder.decodeValue(ObjectId.self, from: .objectId(id)), id)
        XCTAssertEqual(try decoder.decodeValue(Date.self, from: .datetime(millisecondsSince1970: 1_700_000_000_500)), date)
        XCTAssertEqual(try decoder.decodeValue(BSONDocument.self, from: .document(document)), document)
        XCTAssertEqual(try decoder.decode(BSONDocument.self, from: document), document)
        XCTAssertEqual(try decoder.decode(BSON.self, from: document), .document(document))
    }

    func testSpecialTypesPassInEveryContainer() throws {
        let id = Trip.sample.id
        let date = Date(timeIntervalSince1970: 12.345)
        let datetime = BSON.datetime(millisecondsSince1970: 12345)
        let raw: BSON = ["id": .objectId(id), "when": datetime]

        // Keyed.
        struct Keyed: Codable, Equatable {
            var id: ObjectId, date: Date, raw: BSON, document: BSONDocument, maybeId: ObjectId?
        }
        let keyed = Keyed(id: id, date: date, raw: raw, document: ["n": 1], maybeId: id)
        let keyedDocument: BSONDocument = ["id": .objectId(id), "date": datetime, "raw": raw, "document": ["n": 1], "maybeId": .objectId(id)]
        XCTAssertEqual(try encoder.encode(keyed), keyedDocument)
        XCTAssertEqual(try decoder.decode(Keyed.self, from: keyedDocument), keyed)

        // Unkeyed.
        XCTAssertEqual(try encoder.encodeValue([id]), [.objectId(id)])
        XCTAssertEqual(try encoder.encodeValue([date]), [datetime])
        XCTAssertEqual(try encoder.encodeValue([raw, .null]), [raw, nil])
        XCTAssertEqual(try encoder.encodeValue([["n": 1] as BSONDocument]), [["n": 1]])
        XCTAssertEqual(try decoder.decodeValue([ObjectId].self, from: [.objectId(id)]), [id])
        XCTAssertEqual(try decoder.decodeValue([Date].self, from: [datetime]), [date])
        XCTAssertEqual(try decoder.decodeValue([BSON].self, from: [raw, nil]), [raw, nil])
        XCTAssertEqual(try decoder.decodeValue([BSONDocument].self, from: [["n": 1]]), [["n": 1]])

        // Single value.
        XCTAssertEqual(try encoder.encodeValue(Single(id)), .objectId(id))
        XCTAssertEqual(try encoder.encodeValue(Single(date)), datetime)
        XCTAssertEqual(try encoder.encodeValue(Single(raw)), raw)
        XCTAssertEqual(try encoder.encodeValue(Single(["n": 1] as BSONDocument)), ["n": 1])
        XCTAssertEqual(try decoder.decodeValue(Single<ObjectId>.self, from: .objectId(id)).value, id)
        XCTAssertEqual(try decoder.decodeValue(Single<Date>.self, from: datetime).value, date)
        XCTAssertEqual(try decoder.decodeValue(Single<BSON>.self, from: raw).value, raw)
        XCTAssertEqual(try decoder.decodeValue(Single<BSONDocument>.self, from: ["n": 1]).value, ["n": 1])
    }

    func testHandWrittenContainers() throws {
        let value = Containers(name: "n", point: (3, -4), values: [[1], [2, 3]], base: 9)
        let expected: BSONDocument = [
            // Nested containers take their place when they are made, not when they are filled in.
            "point": ["x": .int64(3), "y": .int64(-4)], "values": [[.int64(1)], ["nested": [.int64(2), .int64(3)]]], "name": "n",
            "super": ["base": .int64(9)], "custom": ["from": "superEncoder(forKey:)"],
        ]
        let document = try encoder.encode(value)
        XCTAssertEqual(document, expected)
        XCTAssertEqual(try decoder.decode(Containers.self, from: document), value)
    }

    func testClassHierarchyWithSuperEncoder() throws {
        let child = Child(base: 1, extra: "e")
        let document = try encoder.encode(child)
        XCTAssertEqual(document, ["extra": "e", "super": ["base": .int64(1)]])
        let decoded = try decoder.decode(Child.self, from: document)
        XCTAssertEqual(decoded.base, 1)
        XCTAssertEqual(decoded.extra, "e")
        guard case .keyNotFound(let superKey, let superContext)? = decodingError(try decoder.decode(Child.self, from: ["extra": "e"]))
        else { return XCTFail() }
        XCTAssertEqual(superKey.stringValue, "super")
        XCTAssertEqual(superContext.codingPath.strings, [])
        guard case .keyNotFound(let key, let context)? = decodingError(try decoder.decode(Child.self, from: ["extra": "e", "super": [:]]))
        else { return XCTFail() }
        XCTAssertEqual(key.stringValue, "base")
        XCTAssertEqual(context.codingPath.strings, ["super"])
    }

    func testEncodingAKeyAgainReplacesItInPlace() throws {
        struct Twice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: TestKey.self)
                try container.encode(1, forKey: "a")
                try container.encode(2, forKey: "b")
                try container.encode("again", forKey: "a")
            }
        }
        XCTAssertEqual(try encoder.encode(Twice()), ["a": "again", "b": .int64(2)])
    }

    func testAValueThatEncodesNothingIsAnEmptyDocument() throws {
        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        XCTAssertEqual(try encoder.encodeValue(Nothing()), [:])
        XCTAssertEqual(try encoder.encode(["a": Nothing()]), ["a": [:]])
    }

    func testDocumentFieldOrderIsKept() throws {
        let document: BSONDocument = ["z": 1, "a": 2, "m": ["y": 1, "b": 2], "_id": 3]
        XCTAssertEqual(document.keys, ["z", "a", "m", "_id"])
        XCTAssertEqual(try encoder.encode(document).keys, ["z", "a", "m", "_id"])
        let decoded = try decoder.decode(BSONDocument.self, from: document)
        XCTAssertEqual(decoded.keys, ["z", "a", "m", "_id"])
        XCTAssertEqual(decoded["m"]?.documentValue?.keys, ["y", "b"])
        XCTAssertEqual(try decoder.decode(KeyRecorder.self, from: document).keys, ["z", "a", "m", "_id"])
    }

    func testFirstFieldWinsOnDuplicateKeys() throws {
        for padding in [0, 40] {
            var document: BSONDocument = ["b": "first b", "a": 1]
            for index in 0..<padding { document.append("pad\(index)", .int32(Int32(index))) }
            document.append("a", 2)
            document.append("b", "second b")
            XCTAssertEqual(try decoder.decode(KeyRecorder.self, from: document).keys, ["b", "a"] + (0..<padding).map { "pad\($0)" })
            XCTAssertEqual(try decoder.decode([String: BSON].self, from: document)["a"], 1)
            XCTAssertEqual(try decoder.decode([String: BSON].self, from: document)["b"], "first b")
        }
    }

    func testLargeDocumentsDecodeInLinearTime() throws {
        let count = 50_000
        var document = BSONDocument()
        for index in 0..<count { document.append("key\(index)", .int32(Int32(index))) }
        let start = Date()
        let decoded = try decoder.decode([String: Int].self, from: document)
        XCTAssertEqual(decoded.count, count)
        XCTAssertEqual(decoded["key\(count - 1)"], count - 1)
        // Scanning for each key does over a billion string comparisons here: most of a minute.
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}

/// Codes its value through a single value container.
private struct Single<Value: Codable>: Codable {
    var value: Value
    init(_ value: Value) { self.value = value }
    init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Value.self) }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Records the keys a keyed container reports.
private struct KeyRecorder: Decodable {
    var keys: [String]
    init(from decoder: any Decoder) throws {
        keys = try decoder.container(keyedBy: TestKey.self).allKeys.map(\.stringValue)
    }
}

/// Uses every kind of nested container and super encoder.
private struct Containers: Codable, Equatable {
    var name: String
    var point: (x: Int, y: Int)
    var values: [[Int]]
    var base: Int

    init(name: String, point: (x: Int, y: Int), values: [[Int]], base: Int) {
        (self.name, self.point, self.values, self.base) = (name, point, values, base)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.point == rhs.point && lhs.values == rhs.values && lhs.base == rhs.base
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TestKey.self)
        var point = container.nestedContainer(keyedBy: TestKey.self, forKey: "point")
        var values = container.nestedUnkeyedContainer(forKey: "values")
        try container.encode(name, forKey: "name")
        try point.encode(self.point.x, forKey: "x")
        try point.encode(self.point.y, forKey: "y")
        var first = values.nestedUnkeyedContainer()
        var second = values.nestedContainer(keyedBy: TestKey.self)
        try first.encode(contentsOf: self.values[0])
        var nested = second.nestedUnkeyedContainer(forKey: "nested")
        try nested.encode(contentsOf: self.values[1])
        var superContainer = container.superEncoder().container(keyedBy: TestKey.self)
        try superContainer.encode(base, forKey: "base")
        var custom = container.superEncoder(forKey: "custom").container(keyedBy: TestKey.self)
        try custom.encode("superEncoder(forKey:)", forKey: "from")
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TestKey.self)
        name = try container.decode(String.self, forKey: "name")
        let point = try container.nestedContainer(keyedBy: TestKey.self, forKey: "point")
        self.point = (try point.decode(Int.self, forKey: "x"), try point.decode(Int.self, forKey: "y"))
        var values = try container.nestedUnkeyedContainer(forKey: "values")
        var first = try values.nestedUnkeyedContainer()
        let second = try values.nestedContainer(keyedBy: TestKey.self)
        XCTAssert(values.isAtEnd)
        XCTAssertEqual(first.count, 1)
        var nested = try second.nestedUnkeyedContainer(forKey: "nested")
        self.values = [[try first.decode(Int.self)], [try nested.decode(Int.self), try nested.decode(Int.self)]]
        base = try container.superDecoder().container(keyedBy: TestKey.self).decode(Int.self, forKey: "base")
        let custom = try container.superDecoder(forKey: "custom").container(keyedBy: TestKey.self)
        XCTAssertEqual(try custom.decode(String.self, forKey: "from"), "superEncoder(forKey:)")
    }
}

private class Base: Codable {
    var base: Int
    init(base: Int) { self.base = base }
}

private final class Child: Base {
    var extra: String

    init(base: Int, extra: String) {
        self.extra = extra
        super.init(base: base)
    }

    private enum CodingKeys: String, CodingKey { case extra }

    required init(from decoder: any Decoder) throws {
        extra = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .extra)
        try super.init(from: decoder.container(keyedBy: CodingKeys.self).superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(extra, forKey: .extra)
        try super.encode(to: container.superEncoder())
    }
}
