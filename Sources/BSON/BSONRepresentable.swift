#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A type that BSONEncoder and BSONDecoder convert directly rather than through its Codable
/// conformance: numbers, strings and booleans, so that every container funnels its primitive
/// overloads through one generic method, and ObjectId, Date, BSON and BSONDocument, whose Codable
/// forms are meant for other formats.
protocol BSONRepresentable {
    /// `nil` when the value has no BSON form, such as a UInt64 above Int64.max.
    var bsonValue: BSON? { get }

    /// `nil` unless the BSON value converts to this type exactly.
    init?(exactBSON bson: BSON)
}

extension BSONRepresentable where Self: FixedWidthInteger {
    var bsonValue: BSON? {
        Int32(exactly: Self.max) != nil ? .int32(Int32(self)) : Int64(exactly: self).map(BSON.int64)
    }

    init?(exactBSON bson: BSON) {
        switch bson {
        case .int32(let value): self.init(exactly: value)
        case .int64(let value): self.init(exactly: value)
        case .double(let value): self.init(exactly: value)
        default: return nil
        }
    }
}

extension BSONRepresentable where Self: BinaryFloatingPoint {
    var bsonValue: BSON? { .double(Double(self)) }

    init?(exactBSON bson: BSON) {
        switch bson {
        case .double(let value):
            // A Float is stored as a double, so rounding back to its precision is expected;
            // overflowing it is not.
            self.init(value)
            guard isFinite || !value.isFinite else { return nil }
        case .int32(let value): self.init(exactly: value)
        case .int64(let value): self.init(exactly: value)
        default: return nil
        }
    }
}

extension Int: BSONRepresentable {}
extension Int8: BSONRepresentable {}
extension Int16: BSONRepresentable {}
extension Int32: BSONRepresentable {}
extension Int64: BSONRepresentable {}
extension UInt: BSONRepresentable {}
extension UInt8: BSONRepresentable {}
extension UInt16: BSONRepresentable {}
extension UInt32: BSONRepresentable {}
extension UInt64: BSONRepresentable {}
extension Float: BSONRepresentable {}
extension Double: BSONRepresentable {}

extension Bool: BSONRepresentable {
    var bsonValue: BSON? { .bool(self) }

    init?(exactBSON bson: BSON) {
        guard case .bool(let value) = bson else { return nil }
        self = value
    }
}

extension String: BSONRepresentable {
    var bsonValue: BSON? { .string(self) }

    init?(exactBSON bson: BSON) {
        guard case .string(let value) = bson else { return nil }
        self = value
    }
}

extension ObjectId: BSONRepresentable {
    var bsonValue: BSON? { .objectId(self) }

    init?(exactBSON bson: BSON) {
        guard case .objectId(let value) = bson else { return nil }
        self = value
    }
}

extension Date: BSONRepresentable {
    var bsonValue: BSON? { BSON.millisecondsSince1970(self).map { .datetime(millisecondsSince1970: $0) } }

    init?(exactBSON bson: BSON) {
        guard let date = bson.dateValue else { return nil }
        self = date
    }
}

extension BSON: BSONRepresentable {
    var bsonValue: BSON? { self }

    init?(exactBSON bson: BSON) {
        self = bson
    }
}

extension BSONDocument: BSONRepresentable {
    var bsonValue: BSON? { .document(self) }

    init?(exactBSON bson: BSON) {
        guard let document = bson.documentValue else { return nil }
        self = document
    }
}
