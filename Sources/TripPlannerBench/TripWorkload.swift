import BSON
import Foundation
import Mongo

/// One operation of each kind against the `trips` collection, shaped like the server's.
struct TripWorkload: Sendable {
    let trips: MongoCollection<BSONDocument>
    let owner: ObjectId
    let ids: [ObjectId]

    /// The server's `GET /trips` page size; it fetches one more to know whether a next page exists.
    static let pageSize = 20

    func perform(_ operation: BenchOperation) async throws {
        switch operation {
        case .findById:
            guard try await trips.findOne(scope(randomId())) != nil else { throw WorkloadError.notFound }
        case .list:
            _ = try await trips.find(
                ["owner": .objectId(owner)], sort: ["created_at": -1, "_id": -1], limit: Self.pageSize + 1)
        case .insert:
            try await trips.insertOne(newTrip())
        case .update:
            let now = BSON.datetime(Date.now)
            let result = try await trips.updateOne(
                filter: scope(randomId()), update: ["$set": ["name": "bench update", "updated_at": now]])
            guard result.matchedCount == 1 else { throw WorkloadError.notFound }
        }
    }

    private func randomId() -> ObjectId {
        ids.randomElement()!
    }

    /// The filter every single-trip operation of the server uses: another owner's trip is missing.
    private func scope(_ id: ObjectId) -> BSONDocument {
        ["_id": .objectId(id), "owner": .objectId(owner)]
    }

    /// The document the server stores for a `POST /trips` with five waypoints.
    private func newTrip() -> BSONDocument {
        let now = BSON.datetime(Date.now)
        let waypoints: [BSON] = (0..<5).map { index in
            ["name": .string("Stop \(index)"), "latitude": .double(37.7 + Double(index) / 100),
             "longitude": .double(-122.4 - Double(index) / 100)]
        }
        return [
            "_id": .objectId(ObjectId()), "owner": .objectId(owner), "name": "bench insert", "completed": false,
            "waypoints": .array(waypoints), "created_at": now, "updated_at": now,
        ]
    }
}

/// A trip that should exist did not: the ids file does not belong to this database or owner.
enum WorkloadError: Error, CustomStringConvertible {
    case notFound

    var description: String { "no trip with that id for this owner" }
}
