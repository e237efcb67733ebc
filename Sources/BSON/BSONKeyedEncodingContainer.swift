struct BSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: BSONValueEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    // One generic method stands for every primitive overload too: BSONValueEncoder.encode sorts them out.
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        encoder.set(.value(try BSONValueEncoder.encode(value, at: codingPath + [key])), forKey: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) {
        encoder.set(.value(.null), forKey: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.child(forKey: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.child(forKey: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.child(forKey: BSONCodingKey.super)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.child(forKey: key)
    }
}
