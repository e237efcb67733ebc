// The C library's trigonometry, which all of Foundation re-exports and FoundationEssentials does not.
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The length of a route as the contract defines `distance_km`: great-circle distances
/// between consecutive waypoints on a sphere of the mean Earth radius, summed.
public enum RouteLength {
    public static let earthRadiusKm = 6371.0088

    /// Kilometres, rounded to 3 decimals as trips render them; 0 for fewer than two waypoints.
    public static func kilometres(_ waypoints: [Waypoint]) -> Double {
        let length = zip(waypoints, waypoints.dropFirst()).reduce(0) { sum, step in
            sum + greatCircleKm(from: step.0, to: step.1)
        }
        return roundedKm(length)
    }

    /// Haversine, which stays accurate for the short steps most routes are made of.
    public static func greatCircleKm(from start: Waypoint, to end: Waypoint) -> Double {
        let φ1 = start.latitude * .pi / 180, φ2 = end.latitude * .pi / 180
        let Δφ = φ2 - φ1, Δλ = (end.longitude - start.longitude) * .pi / 180
        let h = pow(sin(Δφ / 2), 2) + cos(φ1) * cos(φ2) * pow(sin(Δλ / 2), 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(h)))
    }

    /// To the metre, as every `distance_km` is rendered.
    public static func roundedKm(_ km: Double) -> Double {
        (km * 1000).rounded() / 1000
    }
}
