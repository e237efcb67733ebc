import TripPlannerModels

/// Every writable field of a trip: the body of a create (`POST`) or a replace (`PUT`).
public struct TripDraft: Encodable, Sendable {
    public var name: String
    public var completed: Bool
    public var waypoints: [Waypoint]

    public init(name: String, completed: Bool = false, waypoints: [Waypoint] = []) {
        self.name = name
        self.completed = completed
        self.waypoints = waypoints
    }
}
