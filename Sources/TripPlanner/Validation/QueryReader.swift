#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import TripPlannerModels

/// Reads a query string the way every listing takes it: each parameter at most once, none
/// that the endpoint does not know, and every rule broken reported in one 400.
///
/// The query is decoded as HTML forms and most HTTP libraries encode it, `+` standing for a
/// space (`place=Golden+Gate`), so that a place with a space in its name is found whichever
/// way a client encoded it; a literal `+` is `%2B`.
struct QueryReader {
    private var failures: [FieldFailure] = []

    /// Hands each parameter to `read`, which returns `false` for a name it does not know.
    static func read(
        _ query: String?, _ read: (_ name: Substring, _ value: Substring, _ reader: inout QueryReader) -> Bool
    ) throws {
        var reader = QueryReader()
        var seen: Set<Substring> = []
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.formDecoded(parts[0]), let value = Self.formDecoded(parts.count > 1 ? parts[1] : "") else {
                reader.fail(pair, "is not valid percent-encoded UTF-8")
                continue
            }
            guard seen.insert(name).inserted else {
                reader.fail(name, "must be given at most once")
                continue
            }
            if !read(name, value, &reader) {
                reader.fail(name, "is not a query parameter of this endpoint")
            }
        }
        guard reader.failures.isEmpty else { throw APIError.invalidQuery(reader.failures) }
    }

    private static func formDecoded(_ text: Substring) -> Substring? {
        text.replacing("+", with: " ").percentDecoded().map { $0[...] }
    }

    mutating func fail(_ name: Substring, _ message: String) {
        failures.append(FieldFailure(path: String(name), message: message))
    }

    /// A whole number within `range`.
    mutating func integer(_ name: Substring, _ value: Substring, in range: ClosedRange<Int>) -> Int? {
        guard let number = Int(value), range.contains(number) else {
            fail(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }
}
