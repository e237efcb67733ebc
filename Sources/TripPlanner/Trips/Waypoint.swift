/// A stop on a trip. Stored and rendered with the same fields, all of them writable.
struct Waypoint: Codable, Equatable, Sendable {
    var name: String
    var latitude: Double
    var longitude: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, latitude, longitude
    }
}
