/// An ordered BSON document. Order matters to MongoDB (commands, sort specifications, index
/// keys), so this is a list of fields rather than a dictionary.
public struct BSONDocument: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var key: String
        public var value: BSON

        public init(key: String, value: BSON) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init() {
        fields = []
    }

    public init(_ pairs: some Sequence<(String, BSON)>) {
        fields = pairs.map { Field(key: $0.0, value: $0.1) }
    }

    public var isEmpty: Bool { fields.isEmpty }

    public var keys: [String] { fields.map(\.key) }

    /// The first field with this key. Setting `nil` removes every field with the key; setting a
    /// value replaces the first one in place or appends.
    public subscript(key: String) -> BSON? {
        get { fields.first { $0.key == key }?.value }
        set {
            guard let newValue else {
                fields.removeAll { $0.key == key }
                return
            }
            if let index = fields.firstIndex(where: { $0.key == key }) {
                fields[index].value = newValue
            } else {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }

    /// Appends without looking for an existing key, as BSON itself allows.
    public mutating func append(_ key: String, _ value: BSON) {
        fields.append(Field(key: key, value: value))
    }
}

extension BSONDocument: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, BSON)...) {
        self.init(elements)
    }
}

extension BSONDocument: Sequence {
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}
