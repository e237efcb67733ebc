import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The contract's JSON conventions, shared by the server and the client library: ids are
/// 24-hex strings (ObjectId's own Codable form) and timestamps RFC 3339 UTC with milliseconds.
public enum JSONCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Foundation on Linux orders keys at random; the same value must give the same bytes.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }()

    /// Accepts RFC 3339 with or without fractional seconds, as clients may write either.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = (try? timestampStyle.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected an RFC 3339 timestamp.")
            }
            return date
        }
        return decoder
    }()

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-11-21T09:30:00.123Z`, from the whole milliseconds BSON stores: a formatter
    /// working from the floating-point date could print .122 for a stored .123. Plain integer
    /// arithmetic (Howard Hinnant's civil-from-days) also keeps this off the profile.
    public static func timestamp(_ date: Date) -> String {
        let (days, millisecondOfDay) = date.millisecondsSince1970.floorDivided(by: 86_400_000)
        let (era, dayOfEra) = (days + 719_468).floorDivided(by: 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let (hour, minute, second, millisecond) = (
            millisecondOfDay / 3_600_000, millisecondOfDay / 60_000 % 60, millisecondOfDay / 1000 % 60, millisecondOfDay % 1000
        )
        // Digits written straight into the string's storage: interpolating padded parts made
        // strings per part, a tenth of the instructions a page of 20 trips cost the server.
        return String(unsafeUninitializedCapacity: 64) { utf8 in
            var end = 0
            func part(_ value: Int64, _ width: Int, then separator: Unicode.Scalar) {
                write(value, width: width, into: utf8, at: &end)
                utf8[end] = UInt8(ascii: separator)
                end += 1
            }
            part(year, 4, then: "-")
            part(month, 2, then: "-")
            part(day, 2, then: "T")
            part(hour, 2, then: ":")
            part(minute, 2, then: ":")
            part(second, 2, then: ".")
            part(millisecond, 3, then: "Z")
            return end
        }
    }

    /// As `String(value)` left-padded with zeros to `width` characters.
    private static func write(_ value: Int64, width: Int, into utf8: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        var digitCount = 1
        var rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            digitCount += 1
        }
        let length = digitCount + (value < 0 ? 1 : 0)
        for _ in length..<max(width, length) {
            utf8[end] = UInt8(ascii: "0")
            end += 1
        }
        if value < 0 {
            utf8[end] = UInt8(ascii: "-")
            end += 1
        }
        rest = value.magnitude
        end += digitCount
        var index = end
        repeat {
            index -= 1
            utf8[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0
    }
}

extension Int64 {
    /// Quotient rounded down and a remainder that is never negative, for dates before 1970.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
