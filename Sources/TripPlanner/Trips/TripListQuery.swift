import BSON
import Hummingbird
import TripPlannerModels

/// The query of `GET /trips`: `limit` (1–100, default 20), `cursor`, `completed` and `place`
/// (a waypoint name, 1–200 characters, matched exactly). Any other, repeated or malformed
/// parameter is a 400 naming it.
struct TripListQuery {
    var limit = 20
    var cursor: PageCursor?
    var completed: Bool?
    var place: String?

    static let limits = 1...100
    static let placeLengths = 1...200

    /// `query`: the request's query string, as sent.
    init(query: String?) throws {
        try QueryReader.read(query) { name, value, reader in
            switch name {
            case "limit":
                limit = reader.integer(name, value, in: Self.limits) ?? limit
            case "cursor":
                cursor = PageCursor(token: String(value))
                if cursor == nil {
                    reader.fail(name, "must be the `next` value of a previous page")
                }
            case "completed":
                completed = ["true": true, "false": false][value]
                if completed == nil {
                    reader.fail(name, "must be true or false")
                }
            case "place":
                if Self.placeLengths.contains(value.count) {
                    place = String(value)
                } else {
                    reader.fail(name, "must be a waypoint name of 1 to 200 characters")
                }
            default:
                return false
            }
            return true
        }
    }

    var filter: BSONDocument {
        var filter = BSONDocument()
        filter["\(Trip.CodingKeys.waypoints.rawValue).\(Waypoint.CodingKeys.name.rawValue)"] = place.map(BSON.string)
        filter[Trip.CodingKeys.completed.rawValue] = completed.map(BSON.bool)
        return filter
    }
}
