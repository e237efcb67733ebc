import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A trip, exactly as stored and as rendered: the stored document has no field a client
/// cannot see, so one type serves the database, the server's JSON and the client's.
public struct Trip: Codable, Equatable, Sendable, Identifiable {
    public var id: ObjectId
    public var owner: ObjectId
    public var name: String
    public var completed: Bool
    public var waypoints: [Waypoint] {
        didSet { distanceKm = RouteLength.kilometres(waypoints) }
    }
    /// Read-only: the length of the route through `waypoints`, kilometres to 3 decimals.
    public private(set) var distanceKm: Double
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
        self.distanceKm = RouteLength.kilometres(waypoints)
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `distance_km` is computed from the waypoints rather than read, so a trip stored before
    /// it existed, or sent back by a client, always carries the true length of its route.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(ObjectId.self, forKey: .id),
            owner: try container.decode(ObjectId.self, forKey: .owner),
            name: try container.decode(String.self, forKey: .name),
            completed: try container.decode(Bool.self, forKey: .completed),
            waypoints: try container.decode([Waypoint].self, forKey: .waypoints),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            updatedAt: try container.decode(Date.self, forKey: .updatedAt))
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case id = "_id"
        case owner, name, completed, waypoints
        case distanceKm = "distance_km"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
