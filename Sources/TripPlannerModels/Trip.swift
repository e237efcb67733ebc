import BSON
import Foundation

/// A trip, exactly as stored and as rendered: the stored document has no field a client
/// cannot see, so one type serves the database, the server's JSON and the client's.
public struct Trip: Codable, Equatable, Sendable, Identifiable {
    public var id: ObjectId
    public var owner: ObjectId
    public var name: String
    public var completed: Bool
    public var waypoints: [Waypoint]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId, owner: ObjectId, name: String, completed: Bool, waypoints: [Waypoint], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.name = name
        self.completed = completed
        self.waypoints = waypoints
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case id = "_id"
        case owner, name, completed, waypoints
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
