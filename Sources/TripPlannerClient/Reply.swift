import Foundation
import TripPlannerModels

/// A successful response, before its body is decoded.
struct Reply: Sendable {
    var status: Int
    var etag: ETag?
    var data: Data

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONCoding.decoder.decode(type, from: data)
        } catch {
            throw TripPlannerError.unexpectedResponse(status: status)
        }
    }

    /// A single trip with the ETag that names its state.
    func versioned() throws -> Versioned<Trip> {
        guard let etag else { throw TripPlannerError.unexpectedResponse(status: status) }
        return Versioned(value: try decode(Trip.self), etag: etag)
    }
}
