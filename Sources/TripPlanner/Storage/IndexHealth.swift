import Synchronization

/// Why the indexes the app relies on are not in place, while the database refuses to create
/// one (e.g. it conflicts with an index created by hand): `IndexSetup` records it and keeps
/// retrying, and `/health` reports it, since the service is not whole until they exist.
final class IndexHealth: Sendable {
    private let reason = Mutex<String?>(nil)

    /// `nil` once every index has been created.
    var problem: String? {
        reason.withLock { $0 }
    }

    /// Records the current state; returns whether it differs from the one before.
    func record(_ problem: String?) -> Bool {
        reason.withLock { reason in
            defer { reason = problem }
            return reason != problem
        }
    }
}
