/// Decodes Codable values from BSON. ObjectId, Date, BSON and BSONDocument are read from the
/// BSON types they stand for; every other type goes through its own Codable conformance.
///
/// Numbers convert across int32, int64 and double whenever the value converts exactly, since a
/// server may return a number with a different type from the one it was written with.
public struct BSONDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from document: BSONDocument) throws -> T {
        try decodeValue(type, from: .document(document))
    }

    public func decodeValue<T: Decodable>(_ type: T.Type, from value: BSON) throws -> T {
        try BSONValueDecoder(value: value, parentPath: [], key: nil).decode(type)
    }
}
