/// A type that reads itself from a document field by field, rather than through `BSONDecoder`.
///
/// For the documents a server reads on every request: the Codable bridge's generic containers
/// and per-value dynamic casts cost more than the reading itself. The type's `Decodable`
/// conformance stays what it means; `init(bsonDocument:)` must accept and produce the same, and
/// reads its fields with `BSONDocument.decode(_:forKey:)`, which converts values as
/// `BSONDecoder` does and throws the errors it throws.
public protocol BSONDocumentDecodable: Decodable {
    init(bsonDocument document: BSONDocument) throws
}
