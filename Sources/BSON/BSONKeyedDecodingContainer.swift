struct BSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let codingPath: [any CodingKey]
    private let document: BSONDocument
    /// The first value for each key, built only for documents large enough that looking up each
    /// key by scanning would add up.
    private let index: [String: BSON]?

    init(document: BSONDocument, codingPath: [any CodingKey]) {
        self.document = document
        self.codingPath = codingPath
        index = document.fields.count > 16
            ? Dictionary(document.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }) : nil
    }

    var allKeys: [Key] {
        var seen = Set<String>()
        return document.compactMap { seen.insert($0.key).inserted ? Key(stringValue: $0.key) : nil }
    }

    func contains(_ key: Key) -> Bool {
        value(forKey: key) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try decoder(forKey: key).decodeNil()
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder(forKey: key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(forKey: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(forKey: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try decoder(forKey: BSONCodingKey.super)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try decoder(forKey: key)
    }

    private func decoder(forKey key: any CodingKey) throws -> BSONValueDecoder {
        guard let value = value(forKey: key) else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "No field \"\(key.stringValue)\"."))
        }
        return BSONValueDecoder(value: value, parentPath: codingPath, key: key)
    }

    private func value(forKey key: any CodingKey) -> BSON? {
        if let index { return index[key.stringValue] }
        return document[key.stringValue]
    }
}
