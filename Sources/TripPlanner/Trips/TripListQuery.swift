import BSON
import Hummingbird
import TripPlannerModels

/// The query of `GET /trips`: `limit` (1–100, default 20), `cursor` and `completed`. Any
/// other, repeated or malformed parameter is a 400 naming it.
struct TripListQuery {
    var limit = 20
    var cursor: PageCursor?
    var completed: Bool?

    static let limits = 1...100

    init(_ parameters: Parameters) throws {
        var failures: [FieldFailure] = []
        var seen: Set<Substring> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else {
                failures.append(FieldFailure(path: String(name), message: "must be given at most once"))
                continue
            }
            switch name {
            case "limit":
                if let limit = Int(value), Self.limits.contains(limit) {
                    self.limit = limit
                } else {
                    failures.append(FieldFailure(path: "limit", message: "must be a whole number from 1 to 100"))
                }
            case "cursor":
                cursor = PageCursor(token: String(value))
                if cursor == nil {
                    failures.append(FieldFailure(path: "cursor", message: "must be the `next` value of a previous page"))
                }
            case "completed":
                completed = ["true": true, "false": false][value]
                if completed == nil {
                    failures.append(FieldFailure(path: "completed", message: "must be true or false"))
                }
            default:
                failures.append(FieldFailure(path: String(name), message: "is not a query parameter of this listing"))
            }
        }
        guard failures.isEmpty else { throw APIError.invalidQuery(failures) }
    }

    var filter: BSONDocument {
        completed.map { [Trip.CodingKeys.completed.rawValue: .bool($0)] } ?? [:]
    }
}
