/// A stop on a trip. Stored and rendered with the same fields, all of them writable.
public struct Waypoint: Codable, Equatable, Sendable {
    public var name: String
    public var latitude: Double
    public var longitude: Double

    public init(name: String, latitude: Double, longitude: Double) {
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case name, latitude, longitude
    }
}
