/// A type that writes itself as a document field by field, rather than through `BSONEncoder`.
///
/// The counterpart of `BSONDocumentDecodable`, for the documents a server writes on every
/// request. `bsonDocument` must equal what `BSONEncoder` makes of the value: the same fields,
/// in the same order, with the same BSON types.
public protocol BSONDocumentEncodable: Encodable {
    var bsonDocument: BSONDocument { get }
}
