import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

// Read on every trip request; see BSONDocumentDecodable.
extension Trip: BSONDocumentDecodable {
    public init(bsonDocument document: BSONDocument) throws {
        self.init(
            id: try document.decode(ObjectId.self, forKey: CodingKeys.id),
            owner: try document.decode(ObjectId.self, forKey: CodingKeys.owner),
            name: try document.decode(String.self, forKey: CodingKeys.name),
            completed: try document.decode(Bool.self, forKey: CodingKeys.completed),
            waypoints: try document.decode([Waypoint].self, forKey: CodingKeys.waypoints),
            createdAt: try document.decode(Date.self, forKey: CodingKeys.createdAt),
            updatedAt: try document.decode(Date.self, forKey: CodingKeys.updatedAt))
    }
}
