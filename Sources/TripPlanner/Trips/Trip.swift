import BSON
import Foundation

/// A trip, exactly as stored and as rendered: the stored document has no field a client
/// cannot see, so one type serves the database and the JSON.
struct Trip: OwnedDocument, Equatable {
    var id: ObjectId
    var owner: ObjectId
    var name: String
    var completed: Bool
    var waypoints: [Waypoint]
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id = "_id"
        case owner, name, completed, waypoints
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    static let collectionName = "trips"
}
