import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A strong entity tag for one state of a document, derived from its `updatedAt`.
struct ETag: Equatable, Sendable {
    let milliseconds: Int64

    init(_ updatedAt: Date) {
        milliseconds = updatedAt.millisecondsSince1970
    }

    /// The quoted header value.
    var header: String { "\"\(milliseconds)\"" }

    /// Whether an `If-Match` or `If-None-Match` header value names this tag: `*` names any
    /// existing document; otherwise a comma-separated list of tags. `If-Match` compares
    /// strongly (a weak `W/` tag never matches), `If-None-Match` weakly.
    func isNamed(by header: String, weakly: Bool) -> Bool {
        header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingOptionalWhitespace()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") {
                guard weakly else { return false }
                tag.removeFirst(2)
            }
            return tag == self.header
        }
    }
}
