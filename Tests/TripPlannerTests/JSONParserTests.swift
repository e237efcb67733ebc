import XCTest

@testable import TripPlanner

/// `JSONParser` accepts exactly RFC 8259 and reads numbers as the nearest `Double`.
final class JSONParserTests: XCTestCase {
    func testRandomDocumentsReadBackAsWritten() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let value = JSONValue.random(depth: 0, using: &generator)
            let text = value.text(using: &generator)
            XCTAssertEqual(try parse(text), value, text)
        }
    }

    /// The fast path for short mantissas must round exactly as the full conversion does.
    func testNumbersAreTheNearestDouble() throws {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let digits = String((0..<Int.random(in: 1...18, using: &generator)).map { _ in
                "0123456789".randomElement(using: &generator)!
            })
            let integer = digits.drop { $0 == "0" }
            var text = (Bool.random(using: &generator) ? "-" : "") + (integer.isEmpty ? "0" : String(integer))
            if Bool.random(using: &generator) {
                text += "." + String(digits.reversed())
            }
            if Bool.random(using: &generator) {
                text += ["e", "E"].randomElement(using: &generator)! + ["", "+", "-"].randomElement(using: &generator)!
                    + String(Int.random(in: 0...40, using: &generator))
            }
            XCTAssertEqual(try parse(text), .number(Double(text)!), text)
        }
        XCTAssertEqual(try parse("-0"), .number(-0.0))
        XCTAssertEqual(try parse("0.1"), .number(0.1))
        XCTAssertEqual(try parse("37.70"), .number(37.7))
        XCTAssertEqual(try parse("1e-400"), .number(0))
        XCTAssertEqual(try parse("123456789012345678901234567890"), .number(1.2345678901234568e29))
    }

    func testEscapesAndUnicode() throws {
        XCTAssertEqual(try parse(#""\"\\\/\b\f\n\r\t""#), .string("\"\\/\u{8}\u{c}\n\r\t"))
        XCTAssertEqual(try parse(#""\u00e9\u4e2d\ud83d\ude00 é中😀""#), .string("é中😀 é中😀"))
        XCTAssertEqual(try parse(#""\u0000""#), .string("\u{0}"))
        XCTAssertEqual(try parse("\u{FEFF} {\"a\": [true, false, null]} \n"), .object(["a": .array([.bool(true), .bool(false), .null])]))
        XCTAssertEqual(try parse(#"{"a": 1, "a": 2}"#), .object(["a": .number(2)]))
    }

    func testNestingUpToTheLimit() throws {
        let limit = JSONParser.maxDepth
        XCTAssertNoThrow(try parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)))
        XCTAssertThrowsError(try parse(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)))
        XCTAssertThrowsError(try parse(String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)))
    }

    func testEverythingElseIsRefused() {
        for text in [
            "", " ", "{", "}", "[1,]", "{\"a\": 1,}", "[,1]", "[1 2]", "{\"a\" 1}", "{a: 1}", "{'a': 1}", "{\"a\": 1} x",
            "01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1e400", "-1e400",
            "tru", "nul", "True", "\"abc", "\"a\u{1}b\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"",
            #""\ud800""#, #""\ud800x""#, #""\ud800\n""#, #""\ud800\u0041""#, #""\udc00""#,
            "// comment\n{}", "/* c */ {}", "[1] [2]",
        ] {
            XCTAssertThrowsError(try parse(text), "accepted \(text.debugDescription)")
        }
    }

    private func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try JSONParser.parse(UnsafeRawBufferPointer($0)) }
    }
}

extension JSONValue {
    fileprivate static func random(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 6 : 4), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2:
            let number = [
                Double(Int.random(in: -1000...1000, using: &generator)),
                Double.random(in: -180...180, using: &generator),
                Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)),
            ].randomElement(using: &generator)!
            return .number(number.isFinite ? number : 0)
        case 3:
            let characters: [Character] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "中", "😀", "\u{7f}", "\u{2028}"]
            return .string(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in characters.randomElement(using: &generator)! }))
        case 4:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth: depth + 1, using: &generator) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                guard case .string(let key) = random(depth: 3, using: &generator) else { continue }
                object.append(key, random(depth: depth + 1, using: &generator))
            }
            return .object(object)
        }
    }

    /// JSON text for the value, with random white space and random choices among a string's
    /// possible escapes.
    fileprivate func text(using generator: inout SplitMix64) -> String {
        let space = [" ", "", "\n", "\t", "\r\n"].randomElement(using: &generator)!
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return Bool.random(using: &generator) ? "\(number)" : String(describing: number).replacingOccurrences(of: "e+", with: "E")
        case .string(let string): return Self.quoted(string, using: &generator)
        case .array(let elements):
            return "[" + space + elements.map { $0.text(using: &generator) }.joined(separator: "," + space) + space + "]"
        case .object(let object):
            let members = object.members.map { member -> String in
                Self.quoted(member.key, using: &generator) + space + ":" + space + member.value.text(using: &generator)
            }
            return "{" + space + members.joined(separator: "," + space) + space + "}"
        }
    }

    private static func quoted(_ string: String, using generator: inout SplitMix64) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += Bool.random(using: &generator) ? "\\n" : "\\u000a"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || Bool.random(using: &generator) && !scalar.isASCII:
                for unit in String(scalar).utf16 {
                    text += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
                }
            case "/" where Bool.random(using: &generator): text += "\\/"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
