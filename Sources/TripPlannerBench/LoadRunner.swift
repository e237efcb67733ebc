/// Keeps `concurrency` operations in flight until `duration` has passed, and times each one.
struct LoadRunner: Sendable {
    let concurrency: Int
    let duration: Duration

    /// Failed operations are counted, not retried, and do not stop the run: an error rate is
    /// a result like any other.
    func run(_ operation: @escaping @Sendable () async throws -> Void) async -> LoadResult {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        var result = LoadResult()
        await withTaskGroup(of: LoadResult.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var worker = LoadResult()
                    while clock.now < deadline {
                        let began = clock.now
                        do {
                            try await operation()
                            worker.latencies.append(clock.now - began)
                        } catch {
                            worker.errors += 1
                            worker.firstError = worker.firstError ?? String(describing: error)
                        }
                    }
                    return worker
                }
            }
            for await worker in group {
                result.merge(worker)
            }
        }
        result.elapsed = clock.now - start
        return result
    }
}

/// What a run did: the latency of every successful operation, the failures, and the time taken.
struct LoadResult: Sendable {
    var latencies: [Duration] = []
    var errors = 0
    /// One failure's description, so that a run that only failed says why.
    var firstError: String?
    var elapsed = Duration.zero

    mutating func merge(_ other: LoadResult) {
        latencies += other.latencies
        errors += other.errors
        firstError = firstError ?? other.firstError
    }
}
