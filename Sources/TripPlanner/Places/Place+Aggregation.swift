import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

extension Place {
    private static let waypoints = "$\(Trip.CodingKeys.waypoints.rawValue)"
    private static let updatedAt = Trip.CodingKeys.updatedAt.rawValue

    /// Groups the owner's waypoints by name inside the database: first one entry per trip and
    /// name (a trip that passes a place twice counts once, with where it first passes it),
    /// then per name, newest trip first. Only stages and operators that mongod and the local
    /// stand-in evaluate alike.
    static func pipeline(limit: Int) -> [BSONDocument] {
        [
            ["$unwind": .string(waypoints)],
            ["$group": [
                "_id": ["trip": "$_id", "name": .string("\(waypoints).name")],
                "latitude": ["$first": .string("\(waypoints).latitude")],
                "longitude": ["$first": .string("\(waypoints).longitude")],
                "updated_at": ["$first": .string("$\(updatedAt)")],
            ]],
            // Ties in `updated_at` go to the newer trip, so the answer never depends on how the
            // database happened to order them.
            ["$sort": ["updated_at": -1, "_id.trip": -1]],
            ["$group": [
                "_id": "$_id.name",
                "trips": ["$sum": 1],
                "latitude": ["$first": "$latitude"],
                "longitude": ["$first": "$longitude"],
                "updated_at": ["$first": "$updated_at"],
            ]],
            ["$sort": ["trips": -1, "_id": 1]],
            ["$limit": .int64(Int64(limit))],
        ]
    }

    /// One document the pipeline outputs.
    init(aggregated document: BSONDocument) throws {
        self.init(
            name: try document.decode(String.self, forKey: AggregateKey.id),
            latitude: try document.decode(Double.self, forKey: CodingKeys.latitude),
            longitude: try document.decode(Double.self, forKey: CodingKeys.longitude),
            trips: document[CodingKeys.trips.rawValue]?.integerValue ?? 0,
            lastVisitedAt: try document.decode(Date.self, forKey: AggregateKey.updatedAt))
    }

    private enum AggregateKey: String, CodingKey {
        case id = "_id"
        case updatedAt = "updated_at"
    }
}
