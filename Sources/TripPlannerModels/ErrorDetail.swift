/// The object under `error` in every error response:
/// `{"error": {"code": "snake_case", "message": "…", "fields": [{"path", "message"}]}}`.
public struct ErrorDetail: Codable, Equatable, Sendable {
    public var code: ErrorCode
    public var message: String
    /// Validation errors only: every rule the request broke.
    public var fields: [FieldFailure]?

    public init(code: ErrorCode, message: String, fields: [FieldFailure]? = nil) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case code, message, fields
    }

    /// The whole body of an error response.
    public struct Envelope: Codable, Sendable {
        public var error: ErrorDetail

        public init(error: ErrorDetail) {
            self.error = error
        }

        public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
            case error
        }
    }
}
