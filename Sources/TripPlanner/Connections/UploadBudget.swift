import Synchronization

/// The bytes of request bodies that have arrived but not ended, over all connections, against
/// `ConnectionLimits.uploadMemory`. A thousand uploads that stop just short of the 1 MiB limit
/// would otherwise hold a gigabyte between them.
final class UploadBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    var isExhausted: Bool { used.load(ordering: .relaxed) >= limit }

    func take(_ bytes: Int) {
        used.add(bytes, ordering: .relaxed)
    }

    func give(_ bytes: Int) {
        used.subtract(bytes, ordering: .relaxed)
    }
}
