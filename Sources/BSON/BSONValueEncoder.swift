/// The Encoder given to one value's `encode(to:)`. It is also that value's single value container.
final class BSONValueEncoder: Encoder, SingleValueEncodingContainer {
    /// Nested containers and super encoders are handed out before they are filled in, so they
    /// are kept by reference until the value that made them has finished encoding.
    enum Slot {
        case value(BSON)
        case encoder(BSONValueEncoder)

        var bson: BSON {
            switch self {
            case .value(let value): value
            case .encoder(let encoder): encoder.encoded
            }
        }
    }

    private enum Storage {
        case empty, single(BSON), keyed, unkeyed
    }

    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var storage = Storage.empty
    /// The keys of a keyed container, in step with `slots`.
    private var keys: [String] = []
    private var slots: [Slot] = []
    /// Where each key is in `slots`, so that encoding a key again replaces it, as JSONEncoder
    /// does, without searching.
    private var positions: [String: Int] = [:]

    private init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// The single conversion point: types BSON represents directly are stored as they are,
    /// anything else encodes itself.
    static func encode<T: Encodable>(_ value: T, at codingPath: [any CodingKey]) throws -> BSON {
        guard let representable = value as? any BSONRepresentable else {
            let encoder = BSONValueEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.encoded
        }
        guard let bson = representable.bsonValue else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(T.self) value out of the range BSON can hold."))
        }
        return bson
    }

    /// A value that asked for no container is an empty document, as with JSONEncoder.
    var encoded: BSON {
        switch storage {
        case .empty: .document(BSONDocument())
        case .single(let value): value
        case .keyed: .document(BSONDocument(zip(keys, slots.lazy.map(\.bson))))
        case .unkeyed: .array(slots.map(\.bson))
        }
    }

    var count: Int { slots.count }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        become(.keyed)
        return KeyedEncodingContainer(BSONKeyedEncodingContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        become(.unkeyed)
        return BSONUnkeyedEncodingContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() {
        become(.single(.null))
    }

    func encode<T: Encodable>(_ value: T) throws {
        become(.single(try Self.encode(value, at: codingPath)))
    }

    func set(_ slot: Slot, forKey key: String) {
        if let position = positions[key] {
            slots[position] = slot
        } else {
            positions[key] = slots.count
            keys.append(key)
            slots.append(slot)
        }
    }

    func append(_ slot: Slot) {
        slots.append(slot)
    }

    /// An encoder for a nested container or super encoder, already in place under `key`.
    func child(forKey key: any CodingKey) -> BSONValueEncoder {
        let child = BSONValueEncoder(codingPath: codingPath + [key])
        set(.encoder(child), forKey: key.stringValue)
        return child
    }

    /// An encoder for a nested container or super encoder, already appended.
    func appendChild() -> BSONValueEncoder {
        let child = BSONValueEncoder(codingPath: codingPath + [BSONCodingKey(index: count)])
        append(.encoder(child))
        return child
    }

    private func become(_ kind: Storage) {
        switch (storage, kind) {
        case (.empty, _), (.single, .single), (.keyed, .keyed), (.unkeyed, .unkeyed):
            storage = kind
        default:
            preconditionFailure("The value at \(codingPath.map(\.stringValue)) asked for two kinds of container.")
        }
    }
}
