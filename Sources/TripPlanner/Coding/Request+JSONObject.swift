import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// The contract's limit on request bodies.
    static let maxBodySize = 1 << 20

    /// The body as a JSON object, checked in the contract's order: a JSON media type in UTF-8
    /// (415), at most 1 MiB, streamed and never read whole beyond that (413), then non-empty,
    /// valid UTF-8 JSON and an object (400).
    mutating func jsonObject() async throws -> [String: JSONValue] {
        guard MediaType(self.headers[.contentType]).isJSONInUTF8 else { throw APIError.unsupportedMediaType }
        if let length = self.headers[.contentLength].flatMap(Int.init), length > Self.maxBodySize {
            throw APIError.payloadTooLarge
        }
        let body: ByteBuffer
        do {
            body = try await collectBody(upTo: Self.maxBodySize)
        } catch is NIOTooManyBytesError {
            // A chunked body has no Content-Length to refuse up front; it stops here, at the limit.
            throw APIError.payloadTooLarge
        }
        guard body.readableBytes > 0 else { throw APIError.invalidJSON("The request body is empty; send a JSON object.") }
        let bytes = body.readableBytesView
        // JSONDecoder would also accept UTF-16 and UTF-32; the contract says UTF-8 only.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError.invalidJSON("The request body is not valid UTF-8.")
        }
        guard !Self.hasTrailingComma(bytes), let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw APIError.invalidJSON("The request body is not valid JSON.")
        }
        guard case .object(let object) = value else { throw APIError.invalidJSON("The request body must be a JSON object.") }
        return object
    }

    /// Foundation's JSON parser is strict but for one thing: it accepts a comma before `}` or
    /// `]`, which JSON does not. This finds one outside string literals.
    private static func hasTrailingComma(_ bytes: some Sequence<UInt8>) -> Bool {
        var inString = false
        var escaped = false
        var afterComma = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if afterComma { return true }
            case UInt8(ascii: "\""):
                inString = true
            default:
                break
            }
            afterComma = byte == UInt8(ascii: ",")
        }
        return false
    }
}

/// A `Content-Type` value, reduced to what the contract asks of it.
private struct MediaType {
    let isJSONInUTF8: Bool

    init(_ header: String?) {
        guard let header else {
            isJSONInUTF8 = false
            return
        }
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let charsets = parts.dropFirst().compactMap { parameter -> String? in
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0] == "charset" else { return nil }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        isJSONInUTF8 = parts.first == "application/json" && charsets.allSatisfy { $0 == "utf-8" || $0 == "utf8" }
    }
}
