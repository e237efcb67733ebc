struct BSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: BSONValueEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.count }

    // One generic method stands for every primitive overload too: BSONValueEncoder.encode sorts them out.
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.append(.value(try BSONValueEncoder.encode(value, at: codingPath + [BSONCodingKey(index: count)])))
    }

    mutating func encodeNil() {
        encoder.append(.value(.null))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.appendChild().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.appendChild().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.appendChild()
    }
}
