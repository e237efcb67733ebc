import TripPlannerModels

/// The fields a `PATCH` sets; those left `nil` stay as they are. `waypoints` replaces the
/// whole list.
public struct TripChanges: Encodable, Sendable {
    public var name: String?
    public var completed: Bool?
    public var waypoints: [Waypoint]?

    public init(name: String? = nil, completed: Bool? = nil, waypoints: [Waypoint]? = nil) {
        self.name = name
        self.completed = completed
        self.waypoints = waypoints
    }
}
