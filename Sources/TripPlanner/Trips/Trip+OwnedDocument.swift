import Mongo
import TripPlannerModels

extension Trip: OwnedDocument {
    static let collectionName = "trips"

    /// `GET /trips?place=`: the owner's trips with a waypoint of that name, newest first, as
    /// the plain listing pages them (a multikey index, one entry per waypoint name).
    static let indexes = [
        MongoIndex(keys: [
            OwnedField.owner: 1, "\(CodingKeys.waypoints.rawValue).\(Waypoint.CodingKeys.name.rawValue)": 1,
            OwnedField.createdAt: -1, OwnedField.id: -1,
        ])
    ]
}
