#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One BSON value, limited to the types this project stores.
///
/// Values read from the database with any other type are rejected when they are read, rather
/// than silently dropped, so that a document is never rewritten with a field missing.
public enum BSON: Sendable, Hashable {
    case double(Double)
    case string(String)
    case document(BSONDocument)
    case array([BSON])
    case objectId(ObjectId)
    case bool(Bool)
    /// A UTC datetime, kept as BSON keeps it so that round trips are exact.
    case datetime(millisecondsSince1970: Int64)
    case null
    case int32(Int32)
    case int64(Int64)

    /// A datetime truncated to the millisecond, as BSON stores it. The date must be finite and
    /// within BSON's range (about 290 million years either side of 1970).
    public static func datetime(_ date: Date) -> BSON {
        .datetime(millisecondsSince1970: date.millisecondsSince1970)
    }

    /// `nil` when the date is not finite or out of range, so that encoders can throw instead of trapping.
    static func millisecondsSince1970(_ date: Date) -> Int64? {
        let seconds = date.timeIntervalSince1970
        // Date keeps a Double relative to 2001, so a date made from a whole millisecond (as
        // `dateValue` makes them) can read back a few units in the last place below it. Without
        // the slack, truncating would turn about one datetime in eight into the millisecond before.
        let slack = 4 * max(abs(seconds), abs(date.timeIntervalSinceReferenceDate)).ulp
        return Int64(exactly: ((seconds + slack) * 1000).rounded(.down))
    }
}

extension Date {
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The whole milliseconds since 1970 that a BSON datetime stores for this date. The date
    /// must be finite and within BSON's range (about 290 million years either side of 1970).
    public var millisecondsSince1970: Int64 {
        guard let milliseconds = BSON.millisecondsSince1970(self) else {
            preconditionFailure("\(timeIntervalSince1970) seconds since 1970 is outside the range of a BSON datetime.")
        }
        return milliseconds
    }
}

extension BSON {
    public var dateValue: Date? {
        guard case .datetime(let milliseconds) = self else { return nil }
        return Date(millisecondsSince1970: milliseconds)
    }

    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    public var documentValue: BSONDocument? {
        guard case .document(let value) = self else { return nil }
        return value
    }

    public var objectIdValue: ObjectId? {
        guard case .objectId(let value) = self else { return nil }
        return value
    }

    /// Any of the three numeric types as an integer, when it is one exactly. Servers may answer
    /// counts as int32, int64 or double.
    public var integerValue: Int? {
        switch self {
        case .int32(let value): Int(value)
        case .int64(let value): Int(exactly: value)
        case .double(let value): Int(exactly: value)
        default: nil
        }
    }
}

extension BSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    /// Integer literals are int32 when they fit, as the mongo shell writes them.
    public init(integerLiteral value: Int) {
        self = Int32(exactly: value).map(BSON.int32) ?? .int64(Int64(value))
    }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: BSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, BSON)...) { self = .document(BSONDocument(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
