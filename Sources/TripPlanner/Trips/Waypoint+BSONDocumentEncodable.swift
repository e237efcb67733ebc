import BSON
import TripPlannerModels

// Written with every trip; see BSONDocumentEncodable.
extension Waypoint: BSONDocumentEncodable {
    public var bsonDocument: BSONDocument {
        [
            CodingKeys.name.rawValue: .string(name),
            CodingKeys.latitude.rawValue: .double(latitude),
            CodingKeys.longitude.rawValue: .double(longitude),
        ]
    }
}
