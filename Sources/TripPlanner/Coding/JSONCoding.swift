import BSON
import Foundation

/// The contract's JSON conventions, in one place for every request and response: ids are
/// 24-hex strings (ObjectId's own Codable form) and timestamps RFC 3339 UTC with milliseconds.
enum JSONCoding {
    static let encoder: JSONEncoder = {
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
    static let decoder: JSONDecoder = {
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
    /// working from the floating-point date could print .122 for a stored .123.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = date.millisecondsSince1970
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, positiveFraction) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let secondText = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(.iso8601)
        return "\(secondText.dropLast()).\(String(positiveFraction + 1000).dropFirst())Z"
    }
}
