import TripPlannerModels

/// The caller's trips, newest first, one page per request as iteration reaches it.
public struct TripSequence: AsyncSequence, Sendable {
    public typealias Element = Trip

    let client: TripPlannerClient
    let completed: Bool?
    let place: String?
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: TripSequence
        private var buffered: [Trip] = []
        private var cursor: String?
        private var finished = false

        init(sequence: TripSequence) {
            self.sequence = sequence
        }

        public mutating func next() async throws -> Trip? {
            while buffered.isEmpty {
                guard !finished else { return nil }
                let page = try await sequence.client.page(
                    completed: sequence.completed, place: sequence.place, limit: sequence.pageSize, cursor: cursor)
                buffered = page.trips.reversed()
                cursor = page.next
                finished = page.next == nil
            }
            return buffered.popLast()
        }
    }
}
