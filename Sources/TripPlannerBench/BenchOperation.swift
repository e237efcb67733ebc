import ArgumentParser

/// The trip operations the HTTP benchmark drives, as the server issues them to MongoDB.
enum BenchOperation: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// `GET /trips/{id}`: one trip by id, scoped to its owner.
    case findById = "find-by-id"
    /// `GET /trips?limit=20`: the owner's newest trips, one more than the page.
    case list
    /// `POST /trips`: a new trip with five waypoints.
    case insert
    /// `PATCH /trips/{id}`: a new name and `updated_at` on one of the owner's trips.
    case update

    var needsIds: Bool { self == .findById || self == .update }
}
