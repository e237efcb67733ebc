import Foundation

/// The one machine-readable line the tool prints, read by scripts/bench.
struct BenchReport: Encodable {
    let operation: String
    let concurrency: Int
    let ops: Int
    let errors: Int
    let seconds: Double
    let opsPerSec: Double
    let p50Ms: Double
    let p99Ms: Double
    /// The slowest operation: a stall of the database shows here even when too rare for p99.
    let maxMs: Double

    enum CodingKeys: String, CodingKey {
        case operation, concurrency, ops, errors, seconds
        case opsPerSec = "ops_per_sec"
        case p50Ms = "p50_ms"
        case p99Ms = "p99_ms"
        case maxMs = "max_ms"
    }

    init(operation: BenchOperation, concurrency: Int, result: LoadResult) {
        let sorted = result.latencies.sorted()
        self.operation = operation.rawValue
        self.concurrency = concurrency
        ops = sorted.count
        errors = result.errors
        seconds = result.elapsed.seconds
        opsPerSec = seconds > 0 ? Double(ops) / seconds : 0
        p50Ms = Self.percentile(0.50, of: sorted) * 1000
        p99Ms = Self.percentile(0.99, of: sorted) * 1000
        maxMs = (sorted.last?.seconds ?? 0) * 1000
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Nearest-rank percentile, in seconds; 0 when nothing succeeded.
    private static func percentile(_ fraction: Double, of sorted: [Duration]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[max(rank, 1) - 1].seconds
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
