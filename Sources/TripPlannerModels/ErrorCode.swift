/// The `code` of an error response. A struct rather than an enum so that a client built
/// today still decodes codes a later server adds.
public struct ErrorCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let invalidJSON = ErrorCode(rawValue: "invalid_json")
    public static let validationFailed = ErrorCode(rawValue: "validation_failed")
    public static let invalidQuery = ErrorCode(rawValue: "invalid_query")
    public static let invalidID = ErrorCode(rawValue: "invalid_id")
    public static let unauthorized = ErrorCode(rawValue: "unauthorized")
    public static let notFound = ErrorCode(rawValue: "not_found")
    public static let methodNotAllowed = ErrorCode(rawValue: "method_not_allowed")
    public static let usernameTaken = ErrorCode(rawValue: "username_taken")
    public static let preconditionFailed = ErrorCode(rawValue: "precondition_failed")
    public static let writeConflict = ErrorCode(rawValue: "write_conflict")
    public static let payloadTooLarge = ErrorCode(rawValue: "payload_too_large")
    public static let unsupportedMediaType = ErrorCode(rawValue: "unsupported_media_type")
    public static let tooManyAttempts = ErrorCode(rawValue: "too_many_attempts")
    public static let databaseUnavailable = ErrorCode(rawValue: "database_unavailable")
    public static let badRequest = ErrorCode(rawValue: "bad_request")
    public static let headersTooLarge = ErrorCode(rawValue: "headers_too_large")
    public static let requestTimeout = ErrorCode(rawValue: "request_timeout")
    public static let notImplemented = ErrorCode(rawValue: "not_implemented")
    public static let serverBusy = ErrorCode(rawValue: "server_busy")
    public static let expectationFailed = ErrorCode(rawValue: "expectation_failed")
    public static let internalError = ErrorCode(rawValue: "internal_error")
}
