#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The username and password of an `Authorization: Basic …` header, decoded strictly: base64,
/// then UTF-8 (invalid bytes are malformed, never replaced), split at the first colon. Both
/// searches go byte by byte: over characters they would break graphemes for nothing.
struct BasicCredentials: Sendable {
    let username: String
    let password: String

    /// Longer headers are not credentials anyone signed up with.
    static let maxHeaderLength = 1024

    init?(authorization header: String?) {
        guard let header, header.utf8.count <= Self.maxHeaderLength,
            let space = header.utf8.firstIndex(of: UInt8(ascii: " ")), header[..<space].lowercased() == "basic",
            let data = Data(base64Encoded: String(header[space...].trimmingOptionalWhitespace())),
            let decoded = String(validating: data, as: UTF8.self),
            let colon = decoded.utf8.firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        username = String(decoded[..<colon])
        password = String(decoded[decoded.index(after: colon)...])
    }
}
