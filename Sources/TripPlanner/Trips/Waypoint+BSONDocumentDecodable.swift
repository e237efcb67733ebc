import BSON
import TripPlannerModels

// Read with every trip; see BSONDocumentDecodable.
extension Waypoint: BSONDocumentDecodable {
    public init(bsonDocument document: BSONDocument) throws {
        self.init(
            name: try document.decode(String.self, forKey: CodingKeys.name),
            latitude: try document.decode(Double.self, forKey: CodingKeys.latitude),
            longitude: try document.decode(Double.self, forKey: CodingKeys.longitude))
    }
}
