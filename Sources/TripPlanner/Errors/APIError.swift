import Hummingbird
import NIOHTTP1
import TripPlannerModels

/// An error response as the contract shapes it:
/// `{"error": {"code": "snake_case", "message": "…", "fields": [{"path", "message"}]}}`.
struct APIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let body: ErrorDetail
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: ErrorCode, message: String, fields: [FieldFailure]? = nil) {
        self.status = status
        self.body = ErrorDetail(code: code, message: message, fields: fields)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try .json(ErrorDetail.Envelope(error: body), status: status, headers: headers)
    }
}

extension APIError {
    static func validationFailed(_ failures: [FieldFailure], omitted: Int = 0) -> APIError {
        listing(failures, omitted: omitted, code: .validationFailed, message: "The request body breaks the rules listed in `fields`")
    }

    static func invalidJSON(_ message: String) -> APIError {
        APIError(.badRequest, code: .invalidJSON, message: message)
    }

    static func invalidQuery(_ failures: [FieldFailure]) -> APIError {
        listing(failures, omitted: 0, code: .invalidQuery, message: "The query string breaks the rules listed in `fields`")
    }

    /// At most this many `fields` in one error: a 1 MiB body of 111,847 unknown keys once got
    /// a 7 MB answer naming every one.
    static let maxFieldFailures = 100
    /// Paths, which repeat the client's keys and query parameter names, are cut to this many characters.
    static let maxPathLength = 100

    private static func listing(_ failures: [FieldFailure], omitted: Int, code: ErrorCode, message: String) -> APIError {
        let omitted = omitted + max(0, failures.count - maxFieldFailures)
        let shown = failures.prefix(maxFieldFailures).map { failure in
            failure.path.count <= maxPathLength
                ? failure : FieldFailure(path: String(failure.path.prefix(maxPathLength)) + "…", message: failure.message)
        }
        let note = omitted == 0 ? "." : "; \(omitted) more were left out."
        return APIError(.badRequest, code: code, message: message + note, fields: shown)
    }

    static let invalidID = APIError(.badRequest, code: .invalidID, message: "An id is 24 hexadecimal characters.")

    static var unauthorized: APIError {
        var error = APIError(.unauthorized, code: .unauthorized, message: "Valid credentials are required: HTTP Basic, or a session token as Bearer.")
        error.headers[.wwwAuthenticate] = #"Basic realm="trip-planner""#
        return error
    }

    static func tooManyAttempts(retryAfter: Duration) -> APIError {
        var error = APIError(
            .tooManyRequests, code: .tooManyAttempts,
            message: "Too many failed logins for this username; wait for the time in Retry-After, then try again.")
        // Whole seconds, rounded up, so that a client waiting that long is never early.
        let (seconds, attoseconds) = retryAfter.components
        error.headers[.retryAfter] = String(seconds + (attoseconds > 0 ? 1 : 0))
        return error
    }

    static let notFound = APIError(.notFound, code: .notFound, message: "Nothing exists at this address.")

    static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var error = APIError(.methodNotAllowed, code: .methodNotAllowed, message: "This address accepts \(list).")
        error.headers[.allow] = list
        return error
    }

    static let usernameTaken = APIError(.conflict, code: .usernameTaken, message: "That username is taken; choose another.")

    static let preconditionFailed = APIError(
        .preconditionFailed, code: .preconditionFailed,
        message: "The trip has changed since the ETag in If-Match; fetch it again and retry.")

    static let writeConflict = APIError(
        .conflict, code: .writeConflict, message: "Too many changes to this resource at once; retry.")

    static let payloadTooLarge = APIError(.contentTooLarge, code: .payloadTooLarge, message: "A request body may be at most 1 MiB.")

    static let unsupportedMediaType = APIError(
        .unsupportedMediaType, code: .unsupportedMediaType, message: "Send the body as Content-Type: application/json; charset=utf-8.")

    static let databaseUnavailable = APIError(
        .serviceUnavailable, code: .databaseUnavailable, message: "The database is unreachable right now; retry shortly.")

    /// While the database refuses an index the service relies on (see `IndexSetup`).
    static func indexesNotInPlace(_ reason: String) -> APIError {
        APIError(
            .serviceUnavailable, code: .databaseUnavailable,
            message: "The database refused an index this service needs; retry once it is fixed. \(reason)")
    }

    /// A request that breaks HTTP/1.1 itself, refused before any route sees it.
    static func badRequest(_ message: String) -> APIError {
        APIError(.badRequest, code: .badRequest, message: message)
    }

    /// What NIO's HTTP parser refuses: oversized headers are 431, anything else 400.
    static func unparsable(_ error: HTTPParserError) -> APIError {
        switch error {
        case .headerOverflow:
            APIError(
                .requestHeaderFieldsTooLarge, code: .headersTooLarge,
                message: "The request line and headers may be at most 80 KiB, in at most 1,000 fields.")
        case .invalidChunkSize:
            .badRequest("The chunked request body is malformed.")
        default:
            .badRequest("The request is not valid HTTP/1.1 (\(error)).")
        }
    }

    static func requestTimeout(_ message: String) -> APIError {
        APIError(.requestTimeout, code: .requestTimeout, message: message)
    }

    static func notImplemented(_ message: String) -> APIError {
        APIError(.notImplemented, code: .notImplemented, message: message)
    }

    static let expectationFailed = APIError(
        .expectationFailed, code: .expectationFailed, message: "The only expectation this server meets is Expect: 100-continue.")

    /// Request bodies under way fill `ConnectionLimits.uploadMemory`.
    static var serverBusy: APIError {
        var error = APIError(
            .serviceUnavailable, code: .serverBusy, message: "Too many uploads are under way; retry after the time in Retry-After.")
        error.headers[.retryAfter] = "1"
        return error
    }

    static let internalError = APIError(.internalServerError, code: .internalError, message: "Something went wrong on our side.")
}
