import Hummingbird

/// An error response as the contract shapes it:
/// `{"error": {"code": "snake_case", "message": "…", "fields": [{"path", "message"}]}}`.
struct APIError: HTTPResponseError, Sendable {
    struct Body: Codable, Equatable {
        var code: String
        var message: String
        var fields: [FieldFailure]?
    }

    let status: HTTPResponse.Status
    let body: Body
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String, message: String, fields: [FieldFailure]? = nil) {
        self.status = status
        self.body = Body(code: code, message: message, fields: fields)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try .json(Envelope(error: body), status: status, headers: headers, for: request, context: context)
    }

    private struct Envelope: Encodable {
        var error: Body
    }
}

/// One rule a request broke, at the field it names (`waypoints[2].latitude`).
struct FieldFailure: Codable, Equatable, Sendable {
    var path: String
    var message: String
}

extension APIError {
    static func validationFailed(_ failures: [FieldFailure]) -> APIError {
        APIError(.badRequest, code: "validation_failed", message: "The request body breaks the rules listed in `fields`.", fields: failures)
    }

    static func invalidJSON(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_json", message: message)
    }

    static func invalidQuery(_ failures: [FieldFailure]) -> APIError {
        APIError(.badRequest, code: "invalid_query", message: "The query string breaks the rules listed in `fields`.", fields: failures)
    }

    static let invalidID = APIError(.badRequest, code: "invalid_id", message: "An id is 24 hexadecimal characters.")

    static var unauthorized: APIError {
        var error = APIError(.unauthorized, code: "unauthorized", message: "Valid HTTP Basic credentials are required.")
        error.headers[.wwwAuthenticate] = #"Basic realm="trip-planner""#
        return error
    }

    static func tooManyAttempts(retryAfter: Duration) -> APIError {
        var error = APIError(
            .tooManyRequests, code: "too_many_attempts",
            message: "Too many failed logins for this username; wait for the time in Retry-After, then try again.")
        // Whole seconds, rounded up, so that a client waiting that long is never early.
        let (seconds, attoseconds) = retryAfter.components
        error.headers[.retryAfter] = String(seconds + (attoseconds > 0 ? 1 : 0))
        return error
    }

    static let notFound = APIError(.notFound, code: "not_found", message: "Nothing exists at this address.")

    static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var error = APIError(.methodNotAllowed, code: "method_not_allowed", message: "This address accepts \(list).")
        error.headers[.allow] = list
        return error
    }

    static let usernameTaken = APIError(.conflict, code: "username_taken", message: "That username is taken; choose another.")

    static let preconditionFailed = APIError(
        .preconditionFailed, code: "precondition_failed",
        message: "The trip has changed since the ETag in If-Match; fetch it again and retry.")

    static let writeConflict = APIError(
        .conflict, code: "write_conflict", message: "Too many changes to this resource at once; retry.")

    static let payloadTooLarge = APIError(.contentTooLarge, code: "payload_too_large", message: "A request body may be at most 1 MiB.")

    static let unsupportedMediaType = APIError(
        .unsupportedMediaType, code: "unsupported_media_type", message: "Send the body as Content-Type: application/json; charset=utf-8.")

    static let databaseUnavailable = APIError(
        .serviceUnavailable, code: "database_unavailable", message: "The database is unreachable right now; retry shortly.")

    static let internalError = APIError(.internalServerError, code: "internal_error", message: "Something went wrong on our side.")
}
