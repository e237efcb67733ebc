import Hummingbird

/// The query of `GET /places`: `limit` (1–1000, default 100). Any other, repeated or
/// malformed parameter is a 400 naming it.
struct PlaceListQuery {
    var limit = 100

    static let limits = 1...1000

    /// `query`: the request's query string, as sent.
    init(query: String?) throws {
        try QueryReader.read(query) { name, value, reader in
            guard name == "limit" else { return false }
            limit = reader.integer(name, value, in: Self.limits) ?? limit
            return true
        }
    }
}
