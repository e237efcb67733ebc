import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

/// Writes JSON straight into a `ByteBuffer`, byte for byte as `JSONCoding.encoder` writes the
/// same values: Foundation's encoder builds a tree of boxed values, sorts every object's keys
/// and copies the result twice, which made it the largest user-space cost of a request.
///
/// Byte-identical means: keys in the order of their UTF-8 bytes (`.sortedKeys`), `/` left
/// alone (`.withoutEscapingSlashes`), only `"`, `\` and control characters escaped, numbers
/// as Swift prints them less a trailing `.0`, and timestamps as `JSONCoding.timestamp`.
/// JSONCodingTests compare the two for every type the server renders.
///
/// It writes into an array, copied into a `ByteBuffer` once at the end: a `ByteBuffer` checks
/// capacity, uniqueness and exclusivity on every write, about 260 instructions for one byte.
/// Rendering a trip went from 43,000 instructions to 28,000.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    /// `capacity`: what the caller expects to write, so that the array need not grow.
    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: some JSONWritable) throws {
        try value.write(to: &self)
    }

    mutating func write(_ values: [some JSONWritable]) throws {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try value.write(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object with a member per key, in `keys`' order; `writeValue` writes each member's
    /// value. A member for which it writes nothing is left out, comma and key included.
    mutating func writeObject<Key>(
        _ keys: JSONObjectKeys<Key>, _ writeValue: (Key, inout JSONWriter) throws -> Void
    ) rethrows {
        bytes.append(UInt8(ascii: "{"))
        var isFirst = true
        for (key, name) in keys.members {
            let memberStart = bytes.count
            if !isFirst { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: name)
            let valueStart = bytes.count
            try writeValue(key, &self)
            if bytes.count == valueStart {
                bytes.removeSubrange(memberStart...)
            } else {
                isFirst = false
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }
}

extension JSONWriter {
    mutating func write(_ string: String) {
        var string = string
        // Over the contiguous UTF-8, where the scan is a tight loop: over `string.utf8` it called
        // a closure per byte and was 7% of the instructions a page of trips cost.
        string.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            if utf8.contains(where: Self.needsEscaping) {
                for byte in utf8 {
                    writeEscaped(byte)
                }
            } else {
                bytes.append(contentsOf: utf8)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// A string that never needs escaping (hex digits, timestamps), written without looking.
    private mutating func writeVerbatim(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: string.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `null` for `nil`, as an explicit `encode(_:forKey:)` writes it. To leave a member out
    /// instead, as `encodeIfPresent` does, write nothing for it (see `writeObject`).
    mutating func write(_ string: String?) {
        if let string {
            write(string)
        } else {
            append("null")
        }
    }

    mutating func write(_ flag: Bool) {
        append(flag ? "true" : "false")
    }

    /// Foundation's rendering: Swift's shortest round-tripping form (`37.8199`, `1e-07`,
    /// `1e+21`) without the `.0` of whole numbers (`5`). Like Foundation, refuses NaN and the
    /// infinities, which JSON cannot express.
    mutating func write(_ number: Double) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, EncodingError.Context(codingPath: [], debugDescription: "\(number) is not a JSON number."))
        }
        var text = number.description
        if text.hasSuffix(".0") {
            text.removeLast(2)
        }
        bytes.append(contentsOf: text.utf8)
    }

    mutating func write(_ number: Int) {
        bytes.append(contentsOf: String(number).utf8)
    }

    /// 24 lower-case hex digits, as `ObjectId` encodes itself.
    mutating func write(_ id: ObjectId) {
        writeVerbatim(id.description)
    }

    /// As `JSONCoding.encoder`'s date strategy renders it.
    mutating func write(_ date: Date) {
        writeVerbatim(JSONCoding.timestamp(date))
    }

    /// `null` for `nil`, as an explicit `encode(_:forKey:)` writes it.
    mutating func write(_ date: Date?) {
        if let date {
            write(date)
        } else {
            append("null")
        }
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        let shorthand: UInt8? =
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte
            case 0x08: UInt8(ascii: "b")
            case 0x09: UInt8(ascii: "t")
            case 0x0A: UInt8(ascii: "n")
            case 0x0C: UInt8(ascii: "f")
            case 0x0D: UInt8(ascii: "r")
            default: nil
            }
        if let shorthand {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(shorthand)
        } else if byte < 0x20 {
            let hex = Array("0123456789abcdef".utf8)
            append("\\u00")
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0xF)])
        } else {
            bytes.append(byte)
        }
    }
}
