import BSON
import Logging
import Mongo
import ServiceLifecycle
import TripPlannerModels

/// Stores `distance_km` on trips written before v1.1, which `GET /trips/stats` sums inside the
/// database. Rendering computes the length from the waypoints anyway, so a trip reads the same
/// before and after: only the stored copy is added, and `updated_at`, the ETag, stays as it is.
///
/// Every write that sets waypoints stores their length too, so a trip that gains one while this
/// runs is left alone, and once no trip lacks it this is a single query that finds nothing.
struct RouteLengthBackfill: Service {
    let trips: MongoCollection<Trip>
    let logger: Logger

    private static let distance = Trip.CodingKeys.distanceKm.rawValue
    private static let batchSize = 500

    func run() async throws {
        try await runStartUpWork(backfillOnceReachable)
    }

    private func backfillOnceReachable() async throws {
        var stored = 0
        while true {
            do {
                let batch = try await trips.find([Self.distance: ["$exists": false]], limit: Self.batchSize)
                for trip in batch {
                    let filter: BSONDocument = [Trip.CodingKeys.id.rawValue: .objectId(trip.id), Self.distance: ["$exists": false]]
                    let result = try await trips.updateOne(filter: filter, update: ["$set": [Self.distance: .double(trip.distanceKm)]])
                    stored += result.modifiedCount
                }
                if batch.count < Self.batchSize {
                    if stored > 0 {
                        logger.notice("stored distance_km on trips written before it existed", metadata: ["trips": "\(stored)"])
                    }
                    return
                }
            } catch MongoError.unavailable(let reason) {
                logger.warning("cannot store route lengths yet; retrying", metadata: ["reason": "\(reason)"])
                try await Task.sleep(for: .seconds(1))
            } catch let error as CancellationError {
                throw error
            } catch {
                // A trip the server cannot read is not this task's to mend; stats count it as 0 km.
                logger.error("storing route lengths failed", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
