#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of `GET /trips/stats`: totals over the caller's trips and the last 12 calendar
/// months (UTC), oldest first, by `created_at`.
public struct TripStats: Codable, Equatable, Sendable {
    public var trips: Int
    public var completed: Int
    public var waypoints: Int
    public var distanceKm: Double
    public var firstTripAt: Date?
    public var lastTripAt: Date?
    public var months: [Month]

    public init(
        trips: Int, completed: Int, waypoints: Int, distanceKm: Double, firstTripAt: Date?, lastTripAt: Date?,
        months: [Month]
    ) {
        self.trips = trips
        self.completed = completed
        self.waypoints = waypoints
        self.distanceKm = distanceKm
        self.firstTripAt = firstTripAt
        self.lastTripAt = lastTripAt
        self.months = months
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case trips, completed, waypoints, months
        case distanceKm = "distance_km"
        case firstTripAt = "first_trip_at"
        case lastTripAt = "last_trip_at"
    }

    // `first_trip_at` and `last_trip_at` are null, not missing, for a user without trips.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trips, forKey: .trips)
        try container.encode(completed, forKey: .completed)
        try container.encode(waypoints, forKey: .waypoints)
        try container.encode(distanceKm, forKey: .distanceKm)
        try container.encode(firstTripAt, forKey: .firstTripAt)
        try container.encode(lastTripAt, forKey: .lastTripAt)
        try container.encode(months, forKey: .months)
    }

    /// One calendar month: `month` is `YYYY-MM`.
    public struct Month: Codable, Equatable, Sendable {
        public var month: String
        public var trips: Int
        public var completed: Int
        public var distanceKm: Double

        public init(month: String, trips: Int, completed: Int, distanceKm: Double) {
            self.month = month
            self.trips = trips
            self.completed = completed
            self.distanceKm = distanceKm
        }

        public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
            case month, trips, completed
            case distanceKm = "distance_km"
        }
    }
}
