import BSON

/// An index specification for `MongoCollection.createIndexes`.
public struct MongoIndex: Sendable, Hashable {
    /// Fields and directions, in order: `["owner": 1, "created_at": -1]`.
    public var keys: BSONDocument
    public var unique: Bool
    /// The server's own naming scheme (`owner_1_created_at_-1`) unless given, so that creating
    /// the same index again is recognised as the same index.
    public var name: String
    /// A TTL index: the server deletes a document this long after the date in its (single)
    /// key field, in a background pass about once a minute, so readers must not rely on it.
    public var expireAfterSeconds: Int?

    public init(keys: BSONDocument, unique: Bool = false, expireAfterSeconds: Int? = nil, name: String? = nil) {
        self.keys = keys
        self.unique = unique
        self.expireAfterSeconds = expireAfterSeconds
        self.name = name ?? keys.map { field in
            "\(field.key)_\(field.value.integerValue.map(String.init) ?? field.value.stringValue ?? "")"
        }.joined(separator: "_")
    }

    var specification: BSON {
        var specification: BSONDocument = ["key": .document(keys), "name": .string(name)]
        if unique {
            specification["unique"] = true
        }
        if let expireAfterSeconds {
            specification["expireAfterSeconds"] = .int32(Int32(expireAfterSeconds))
        }
        return .document(specification)
    }
}
