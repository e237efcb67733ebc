import Synchronization

/// The memory that request bodies under way may take, over all connections, against
/// `ConnectionLimits.uploadMemory`: each body reserves its `Content-Length` (a chunked one the
/// contract's 1 MiB) when its headers arrive, and gives it back when it ends or breaks off.
/// A thousand uploads that stop just short of 1 MiB would otherwise hold a gigabyte between them.
final class UploadBudget: Sendable {
    let limit: Int
    private let reserved = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Reserves `bytes` if they fit.
    func reserve(_ bytes: Int) -> Bool {
        var current = reserved.load(ordering: .relaxed)
        while current + bytes <= limit {
            let (exchanged, original) = reserved.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func release(_ bytes: Int) {
        reserved.subtract(bytes, ordering: .relaxed)
    }
}
