import BSON
import Hummingbird

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

/// The body of `GET /trips`. `next` is always present: the cursor of the next page, or `null`.
struct TripPage: Encodable {
    var trips: [Trip]
    var next: String?

    enum CodingKeys: CodingKey {
        case trips, next
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trips, forKey: .trips)
        try container.encode(next, forKey: .next)
    }
}
