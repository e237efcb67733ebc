import Hummingbird
import NIOCore

extension Request {
    /// The contract's limit on request bodies.
    static let maxBodySize = 1 << 20

    /// The body as a JSON object, checked in the contract's order: a JSON media type in UTF-8
    /// (415), at most 1 MiB, streamed and never read whole beyond that (413), then non-empty,
    /// valid UTF-8 JSON and an object (400).
    mutating func jsonObject() async throws -> JSONObject {
        guard MediaType(headers.combinedValue(.contentType)).isJSONInUTF8 else { throw APIError.unsupportedMediaType }
        if let length = headers.combinedValue(.contentLength).flatMap(Int.init), length > Self.maxBodySize {
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
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError.invalidJSON("The request body is not valid UTF-8.")
        }
        guard let value = try? body.withUnsafeReadableBytes({ try JSONParser.parse($0) }) else {
            throw APIError.invalidJSON("The request body is not valid JSON.")
        }
        guard case .object(let object) = value else { throw APIError.invalidJSON("The request body must be a JSON object.") }
        return object
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
        // What nearly every client sends, without splitting it into parameters.
        if header == "application/json" {
            isJSONInUTF8 = true
            return
        }
        let parts = header.split(separator: ";").map { $0.trimmingOptionalWhitespace().lowercased() }
        let charsets = parts.dropFirst().compactMap { parameter -> Substring? in
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingOptionalWhitespace() }
            guard pair.count == 2, pair[0] == "charset" else { return nil }
            let value = pair[1]
            return value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? value.dropFirst().dropLast() : value
        }
        isJSONInUTF8 = parts.first == "application/json" && charsets.allSatisfy { $0 == "utf-8" || $0 == "utf8" }
    }
}
