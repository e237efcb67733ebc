/// Any JSON value, as parsed from a request body before validation.
///
/// Bodies are read into this first so that validation can see what a typed `Decodable`
/// would hide: unknown fields, explicit `null`s, and every broken rule at once.
enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The decoder cannot be asked which kind of value it holds, only told to read one kind, and
    /// every wrong guess costs an error with its coding path built. The kinds are tried from the
    /// most to the least common in request bodies (a trip's coordinates, names, waypoints), which
    /// halves the wrong guesses for a trip compared with trying booleans first; each kind accepts
    /// only its own JSON values, so the order changes nothing else.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .bool(try container.decode(Bool.self))
        }
    }
}
