#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One field at a time, for `BSONDocumentDecodable` types: each value converts exactly as
/// `BSONDecoder` converts it, and a missing or mismatched field throws the error it throws.
extension BSONDocument {
    public func decode(_ type: String.Type, forKey key: some CodingKey) throws -> String {
        try decodeRepresentable(type, forKey: key)
    }

    public func decode(_ type: Bool.Type, forKey key: some CodingKey) throws -> Bool {
        try decodeRepresentable(type, forKey: key)
    }

    public func decode(_ type: Double.Type, forKey key: some CodingKey) throws -> Double {
        try decodeRepresentable(type, forKey: key)
    }

    public func decode(_ type: ObjectId.Type, forKey key: some CodingKey) throws -> ObjectId {
        try decodeRepresentable(type, forKey: key)
    }

    public func decode(_ type: Date.Type, forKey key: some CodingKey) throws -> Date {
        try decodeRepresentable(type, forKey: key)
    }

    public func decode<Element: BSONDocumentDecodable>(
        _ type: [Element].Type, forKey key: some CodingKey
    ) throws -> [Element] {
        let value = try value(forKey: key)
        guard case .array(let elements) = value else { return try decoder(of: value, key).decode(type) }
        var decoded: [Element] = []
        decoded.reserveCapacity(elements.count)
        for element in elements {
            guard case .document(let document) = element, let read = try? Element(bsonDocument: document) else {
                // The decoder throws the error with the element's whole path.
                return try decoder(of: value, key).decode(type)
            }
            decoded.append(read)
        }
        return decoded
    }

    /// The key is an existential so that only `T` is generic here, and each public overload
    /// calls a copy specialized for its type: generic in both, it was left unspecialized and
    /// looked up type metadata on every field of every document read.
    private func decodeRepresentable<T: BSONRepresentable & Decodable>(_ type: T.Type, forKey key: any CodingKey) throws -> T {
        let value = try value(forKey: key)
        // The decoder only to throw its error for a value that does not convert.
        return try T(exactBSON: value) ?? decoder(of: value, key).decode(type)
    }

    private func value(forKey key: any CodingKey) throws -> BSON {
        guard let value = self[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: [], debugDescription: "No field \"\(key.stringValue)\"."))
        }
        return value
    }

    private func decoder(of value: BSON, _ key: any CodingKey) -> BSONValueDecoder {
        BSONValueDecoder(value: value, parentPath: [], key: key)
    }
}
