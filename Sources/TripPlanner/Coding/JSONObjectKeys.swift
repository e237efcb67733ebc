/// The members of a JSON object in the order `JSONCoding.encoder` writes them, sorted once:
/// `.sortedKeys` orders by the keys' UTF-8 bytes (`Zed` < `_id` < `a10` < `a9`). Each name is
/// kept rendered, quotes and colon included, so that writing one is a copy.
struct JSONObjectKeys<Key: CodingKey & CaseIterable>: Sendable where Key: Sendable {
    let members: [(key: Key, name: [UInt8])]

    init(_: Key.Type = Key.self) {
        members = Key.allCases
            .sorted { $0.stringValue.utf8.lexicographicallyPrecedes($1.stringValue.utf8) }
            .map { key in
                var name = JSONWriter()
                name.write(key.stringValue)
                return (key, name.bytes + [UInt8(ascii: ":")])
            }
    }
}
