/// Any JSON value, as parsed from a request body before validation.
///
/// Bodies are read into this first so that validation can see what a typed `Decodable`
/// would hide: unknown fields, explicit `null`s, and every broken rule at once.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}
