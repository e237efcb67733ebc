import Logging
import Mongo
import ServiceLifecycle

/// Creates the indexes the app relies on, idempotently, at start-up. When the database is
/// not there yet, the server starts anyway (requests get 503) and this keeps trying until
/// it is, as the unique username index must exist before anyone signs up. When the database
/// refuses an index (it conflicts with one created by hand), this logs it, `health` reports
/// it, and this keeps trying until someone resolves the conflict.
struct IndexSetup: Service {
    let stores: [any IndexedStore]
    let health: IndexHealth
    let logger: Logger

    func run() async throws {
        try await runStartUpWork(createIndexesOnceReachable)
    }

    private func createIndexesOnceReachable() async throws {
        while true {
            do {
                for store in stores {
                    try await store.createIndexes()
                }
                if health.record(nil) {
                    logger.notice("indexes are in place now")
                }
                logger.debug("indexes are in place")
                return
            } catch MongoError.unavailable(let reason) {
                logger.warning("cannot create indexes yet; retrying", metadata: ["reason": "\(reason)"])
            } catch let error as CancellationError {
                throw error
            } catch {
                // The database's message names the index and what it conflicts with.
                let reason = Self.reason(error)
                if health.record(reason) {
                    logger.error(
                        "the database refused to create an index; retrying until that is resolved",
                        metadata: ["error": "\(reason)"])
                }
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case MongoError.command(let code, let message) = error {
            return "code \(code): \(message)"
        }
        return "\(error)"
    }
}
