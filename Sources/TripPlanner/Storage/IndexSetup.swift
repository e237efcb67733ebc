import Logging
import Mongo
import ServiceLifecycle

/// Creates the indexes the app relies on, idempotently, at start-up. When the database is
/// not there yet, the server starts anyway (requests get 503) and this keeps trying until
/// it is, as the unique username index must exist before anyone signs up.
struct IndexSetup: Service {
    let stores: [any IndexedStore]
    let logger: Logger

    func run() async throws {
        do {
            // Retrying must not keep an application from stopping before the database answered.
            try await cancelWhenGracefulShutdown(createIndexesOnceReachable)
        } catch is CancellationError {
            return
        }
        // A service that returns would end the application; this one's work is done.
        try await gracefulShutdown()
    }

    private func createIndexesOnceReachable() async throws {
        while true {
            do {
                for store in stores {
                    try await store.createIndexes()
                }
                logger.debug("indexes are in place")
                return
            } catch MongoError.unavailable(let reason) {
                logger.warning("cannot create indexes yet; retrying", metadata: ["reason": "\(reason)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
