#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A waypoint name across the caller's trips, as `GET /places` renders it: where it is in the
/// most recently updated trip that has it, and how many trips have it.
public struct Place: Codable, Equatable, Sendable {
    public var name: String
    public var latitude: Double
    public var longitude: Double
    public var trips: Int
    public var lastVisitedAt: Date

    public init(name: String, latitude: Double, longitude: Double, trips: Int, lastVisitedAt: Date) {
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.trips = trips
        self.lastVisitedAt = lastVisitedAt
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case name, latitude, longitude, trips
        case lastVisitedAt = "last_visited_at"
    }
}

/// The body of `GET /places`.
public struct PlaceList: Codable, Equatable, Sendable {
    public var places: [Place]

    public init(places: [Place]) {
        self.places = places
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case places
    }
}
