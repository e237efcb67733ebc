import BSON

/// The element type bytes of the BSON specification for the values this project stores,
/// shared by `BSONWriter` and `BSONReader`.
enum BSONElementType: UInt8 {
    case double = 0x01
    case string = 0x02
    case document = 0x03
    case array = 0x04
    case objectId = 0x07
    case bool = 0x08
    case datetime = 0x09
    case null = 0x0A
    case int32 = 0x10
    case int64 = 0x12

    init(of value: BSON) {
        self =
            switch value {
            case .double: .double
            case .string: .string
            case .document: .document
            case .array: .array
            case .objectId: .objectId
            case .bool: .bool
            case .datetime: .datetime
            case .null: .null
            case .int32: .int32
            case .int64: .int64
            }
    }
}
