import BSON
import TripPlannerModels

/// The writable fields of a trip as a request body gives them: only those present.
struct TripInput {
    var name: String?
    var completed: Bool?
    var waypoints: [Waypoint]?

    static let writable = [Trip.CodingKeys.name, .completed, .waypoints].map(\.rawValue)
    /// Whatever the server renders is read-only and ignored in a body, so that a client can
    /// send back a trip exactly as it received it.
    static let ignored = Trip.CodingKeys.allCases.map(\.rawValue).filter { !writable.contains($0) }
    static let maxWaypoints = 1000
    private static let waypointFields = Waypoint.CodingKeys.allCases.map(\.rawValue)

    /// Validates a body; `requireName` for the full representations of POST and PUT.
    init(_ body: JSONObject, requireName: Bool) throws {
        let validation = Validation()
        validation.rejectUnknownFields(of: body, writable: Self.writable, ignored: Self.ignored, at: .root)
        name = validation.name(body["name"], at: .root.appending("name"), required: requireName)
        completed = validation.bool(body["completed"], at: .root.appending("completed"))
        let elements = validation.array(body["waypoints"], at: .root.appending("waypoints"), maxCount: Self.maxWaypoints)
        waypoints = elements?.enumerated().compactMap { index, element in
            Self.waypoint(element, at: .root.appending("waypoints").appending(index: index), validation)
        }
        try validation.finish()
    }

    private static func waypoint(
        _ value: JSONValue, at path: @autoclosure () -> FieldPath, _ validation: Validation
    ) -> Waypoint? {
        guard let object = validation.object(value, at: path()) else { return nil }
        validation.rejectUnknownFields(of: object, writable: waypointFields, at: path())
        let name = validation.name(object["name"], at: path().appending("name"), required: true)
        let latitude = validation.number(object["latitude"], at: path().appending("latitude"), in: -90...90)
        let longitude = validation.number(object["longitude"], at: path().appending("longitude"), in: -180...180)
        guard let name, let latitude, let longitude else { return nil }
        return Waypoint(name: name, latitude: latitude, longitude: longitude)
    }

    /// The `$set` of an update: the fields present, or for a full replacement every writable
    /// field, omitted ones at their defaults.
    func changes(replacingAll: Bool) throws -> BSONDocument {
        var changes = BSONDocument()
        let encoder = BSONEncoder()
        if let name {
            changes[Trip.CodingKeys.name.rawValue] = .string(name)
        }
        if let completed = completed ?? (replacingAll ? false : nil) {
            changes[Trip.CodingKeys.completed.rawValue] = .bool(completed)
        }
        if let waypoints = waypoints ?? (replacingAll ? [] : nil) {
            changes[Trip.CodingKeys.waypoints.rawValue] = try encoder.encodeValue(waypoints)
            changes[Trip.CodingKeys.distanceKm.rawValue] = .double(RouteLength.kilometres(waypoints))
        }
        return changes
    }
}
