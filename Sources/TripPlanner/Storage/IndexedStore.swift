/// A collection with indexes of its own, which `IndexSetup` creates at start-up.
protocol IndexedStore: Sendable {
    /// Idempotent: indexes that exist already are left as they are.
    func createIndexes() async throws
}
