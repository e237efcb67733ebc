import Hummingbird
import NIOCore

extension Request {
    /// For a body that may be left out: `nil` when there is none, or it is empty, whatever
    /// its `Content-Type`; otherwise exactly `jsonObject()`.
    mutating func optionalJSONObject() async throws -> JSONObject? {
        let body: ByteBuffer
        do {
            body = try await collectBody(upTo: Self.maxBodySize)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge
        }
        guard body.readableBytes > 0 else { return nil }
        return try await jsonObject()
    }
}
