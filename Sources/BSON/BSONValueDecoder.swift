/// The Decoder given to one value's `init(from:)`. It is also that value's single value container.
struct BSONValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: BSON
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Kept as the parent's path and this value's key, joined only when asked for: most values
    /// decode without needing their path, and joining costs an allocation per value.
    init(value: BSON, parentPath: [any CodingKey], key: (any CodingKey)?) {
        self.value = value
        self.parentPath = parentPath
        self.key = key
    }

    var codingPath: [any CodingKey] {
        key.map { parentPath + [$0] } ?? parentPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(BSONKeyedDecodingContainer(document: try decode(BSONDocument.self), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let elements = try convert(to: [BSON].self) { value in
            guard case .array(let elements) = value else { return nil }
            return elements
        }
        return BSONUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        value == .null
    }

    /// The single conversion point, and the one generic method that stands for every primitive
    /// overload: types BSON represents directly are read as they are, anything else decodes itself.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let representable = T.self as? any BSONRepresentable.Type else { return try T(from: self) }
        return try convert(to: T.self) { representable.init(exactBSON: $0) as? T }
    }

    private func convert<R>(to type: R.Type, _ conversion: (BSON) -> R?) throws -> R {
        if let result = conversion(value) { return result }
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: "Expected \(type), found \(value.kind).")
        throw value == .null ? DecodingError.valueNotFound(type, context) : DecodingError.typeMismatch(type, context)
    }
}

extension BSON {
    /// For error messages: the type, and the value when it is short.
    fileprivate var kind: String {
        switch self {
        case .double(let value): "double \(value)"
        case .string(let value): "string \"\(value.count > 40 ? value.prefix(40) + "…" : value)\""
        case .document: "document"
        case .array: "array"
        case .objectId(let value): "objectId \(value)"
        case .bool(let value): "bool \(value)"
        case .datetime(let milliseconds): "datetime \(milliseconds)"
        case .null: "null"
        case .int32(let value): "int32 \(value)"
        case .int64(let value): "int64 \(value)"
        }
    }
}
