/// Encodes Codable values as BSON. ObjectId, Date, BSON and BSONDocument are stored as the
/// BSON types they stand for; every other type goes through its own Codable conformance.
public struct BSONEncoder: Sendable {
    public init() {}

    /// Encodes a value that encodes as a keyed container, such as a struct or a String-keyed
    /// dictionary, as a document.
    public func encode<T: Encodable>(_ value: T) throws -> BSONDocument {
        guard case .document(let document) = try encodeValue(value) else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(T.self) does not encode as a document."))
        }
        return document
    }

    /// Encodes any value, for instance an ObjectId or a Date to put in a filter.
    public func encodeValue<T: Encodable>(_ value: T) throws -> BSON {
        try BSONValueEncoder.encode(value, at: [])
    }
}
