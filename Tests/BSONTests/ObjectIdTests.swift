import BSON
import Foundation
import XCTest

final class ObjectIdTests: XCTestCase {
    private let hex = "507f1f77bcf86cd799439011"
    private let bytes: [UInt8] = [0x50, 0x7F, 0x1F, 0x77, 0xBC, 0xF8, 0x6C, 0xD7, 0x99, 0x43, 0x90, 0x11]

    func testParsesEitherCaseAndRendersLowerCase() throws {
        let lower = try XCTUnwrap(ObjectId(hex))
        let upper = try XCTUnwrap(ObjectId(hex.uppercased()))
        let mixed = try XCTUnwrap(ObjectId("507F1f77BCf86cd799439011"))
        XCTAssertEqual(lower.bytes, bytes)
        XCTAssertEqual(upper, lower)
        XCTAssertEqual(mixed, lower)
        XCTAssertEqual(upper.description, hex)
        XCTAssertEqual("\(mixed)", hex)
        XCTAssertEqual(ObjectId("00000000000000000000000a")?.bytes.last, 10)
        XCTAssertEqual(ObjectId("ffffffffffffffffffffffff")?.bytes, Array(repeating: 0xFF, count: 12))
    }

    func testParsesSubstrings() {
        let text = "id=\(hex)!"
        XCTAssertEqual(ObjectId(text.dropFirst(3).dropLast()), ObjectId(hex))
    }

    func testRejectsMalformedText() {
        for text in [
            "", String(hex.dropLast()), hex + "0", hex + hex, "507f1f77bcf86cd79943901g", "507f1f77bcf86cd79943901 ",
            "507f1f77bcf86cd79943901é", "é07f1f77bcf86cd79943901", "0x507f1f77bcf86cd7994390", "507f1f77-bcf86cd799439011",
        ] {
            XCTAssertNil(ObjectId(text), "\"\(text)\"")
        }
    }

    func testBytesRoundTrip() throws {
        let id = try XCTUnwrap(ObjectId(bytes: bytes))
        XCTAssertEqual(id.bytes, bytes)
        XCTAssertEqual(id.description, hex)
        XCTAssertEqual(ObjectId(bytes: ([0xAA] + bytes)[1...]), id)
        XCTAssertNil(ObjectId(bytes: bytes.dropLast()))
        XCTAssertNil(ObjectId(bytes: bytes + [0]))
        XCTAssertNil(ObjectId(bytes: []))
    }

    func testOrderingIsByteWise() throws {
        let ids = try ["000000000000000000000001", "000000010000000000000000", "00000000ffffffffffffffff", "ff0000000000000000000000"]
            .map { try XCTUnwrap(ObjectId($0)) }
        XCTAssertEqual(ids.sorted().map(\.bytes), ids.map(\.bytes).sorted { $0.lexicographicallyPrecedes($1) })
        XCTAssertLessThan(ids[0], ids[2])
        XCTAssertLessThan(ids[2], ids[1])
    }

    func testGeneratedIdsAreUniqueAndStartWithTheTime() throws {
        let before = UInt32(Date().timeIntervalSince1970)
        let ids = (0..<10_000).map { _ in ObjectId() }
        let after = UInt32(Date().timeIntervalSince1970)
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in [ids[0], ids[ids.count - 1]] {
            let seconds = id.bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            XCTAssert((before...after).contains(seconds), "\(seconds) not in \(before)...\(after)")
        }
    }

    func testGeneratedIdsShareTheProcessPartAndCount() {
        let first = ObjectId().bytes
        let second = ObjectId().bytes
        XCTAssertEqual(first[4..<9], second[4..<9])
        let counter = { (bytes: [UInt8]) in bytes[9...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        XCTAssertEqual((counter(first) + 1) & 0xFF_FFFF, counter(second))
    }

    private struct Owner: Codable, Equatable {
        var id: ObjectId
        var name: String
    }

    func testJSONFormIsTheHexString() throws {
        let owner = Owner(id: try XCTUnwrap(ObjectId(hex)), name: "Ada")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(owner), as: UTF8.self)
        XCTAssertEqual(json, #"{"id":"507f1f77bcf86cd799439011","name":"Ada"}"#)
        XCTAssertEqual(try JSONDecoder().decode(Owner.self, from: Data(json.utf8)), owner)
        let upper = #"{"id":"507F1F77BCF86CD799439011","name":"Ada"}"#
        XCTAssertEqual(try JSONDecoder().decode(Owner.self, from: Data(upper.utf8)), owner)
    }

    func testJSONDecodingRejectsBadIds() {
        for id in [#""507f1f77bcf86cd79943901""#, #""507f1f77bcf86cd79943901z""#, #""""#] {
            XCTAssertThrowsError(try JSONDecoder().decode(Owner.self, from: Data(#"{"id":\#(id),"name":"Ada"}"#.utf8))) { error in
                guard case .dataCorrupted(let context)? = error as? DecodingError else {
                    return XCTFail("\(id): \(error)")
                }
                XCTAssertEqual(context.codingPath.map(\.stringValue), ["id"])
            }
        }
        XCTAssertThrowsError(try JSONDecoder().decode(Owner.self, from: Data(#"{"id":5,"name":"Ada"}"#.utf8))) { error in
            guard case .typeMismatch? = error as? DecodingError else { return XCTFail("\(error)") }
        }
    }
}
