#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// BSONEncoder and BSONDecoder take a BSON value as it is. Other coders see it as the nearest
/// plain value: a document is a keyed container, an ObjectId its hex string, a datetime a Date.
extension BSON: Codable {
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? BSONValueDecoder {
            self = decoder.value
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = BSON(integerLiteral: value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if (try? decoder.container(keyedBy: BSONCodingKey.self)) != nil {
            self = .document(try BSONDocument(from: decoder))
        } else {
            // Not an array either, and then its error says what was found.
            self = .array(try [BSON](from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        // A single value container takes documents and arrays too, as their own encodings.
        var container = encoder.singleValueContainer()
        if encoder is BSONValueEncoder { return try container.encode(self) }
        switch self {
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .document(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .objectId(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        // Through the container, not Date.encode(to:), so that the coder's date strategy applies.
        // `dateValue` is never nil here, and an Optional encodes as the value it wraps.
        case .datetime: try container.encode(dateValue)
        case .null: try container.encodeNil()
        case .int32(let value): try container.encode(value)
        case .int64(let value): try container.encode(value)
        }
    }
}
