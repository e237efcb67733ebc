import BSON
import TripPlannerModels

// Written by every POST /trips; see BSONDocumentEncodable.
extension Trip: BSONDocumentEncodable {
    public var bsonDocument: BSONDocument {
        [
            CodingKeys.id.rawValue: .objectId(id),
            CodingKeys.owner.rawValue: .objectId(owner),
            CodingKeys.name.rawValue: .string(name),
            CodingKeys.completed.rawValue: .bool(completed),
            CodingKeys.waypoints.rawValue: .array(waypoints.map { .document($0.bsonDocument) }),
            // Stored only for the aggregations of GET /trips/stats; reads compute it afresh.
            CodingKeys.distanceKm.rawValue: .double(distanceKm),
            CodingKeys.createdAt.rawValue: .datetime(createdAt),
            CodingKeys.updatedAt.rawValue: .datetime(updatedAt),
        ]
    }
}
