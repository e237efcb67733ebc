import BSON

/// An index specification for `MongoCollection.createIndexes`.
public struct MongoIndex: Sendable, Hashable {
    /// Fields and directions, in order: `["owner": 1, "created_at": -1]`.
    public var keys: BSONDocument
    public var unique: Bool
    /// The server's own naming scheme (`owner_1_created_at_-1`) unless given, so that creating
    /// the same index again is recognised as the same index.
    public var name: String

    public init(keys: BSONDocument, unique: Bool = false, name: String? = nil) {
        self.keys = keys
        self.unique = unique
        self.name = name ?? keys.map { field in
            "\(field.key)_\(field.value.integerValue.map(String.init) ?? field.value.stringValue ?? "")"
        }.joined(separator: "_")
    }

    var specification: BSON {
        var specification: BSONDocument = ["key": .document(keys), "name": .string(name)]
        if unique {
            specification["unique"] = true
        }
        return .document(specification)
    }
}
