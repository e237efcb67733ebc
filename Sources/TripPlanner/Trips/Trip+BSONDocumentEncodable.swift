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
            CodingKeys.createdAt.rawValue: .datetime(createdAt),
            CodingKeys.updatedAt.rawValue: .datetime(updatedAt),
        ]
    }
}
