import Foundation
import TripPlannerModels

/// A request the server refused, with the contract's `code` and `message`.
public struct TripPlannerError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status, e.g. 412.
    public var status: Int
    public var code: ErrorCode
    /// A sentence a person can act on.
    public var message: String
    /// For `validation_failed` and `invalid_query`: each offending field.
    public var fields: [FieldFailure]
    /// For `too_many_attempts`: how long to wait before trying again.
    public var retryAfter: Duration?

    public var description: String { "\(status) \(code): \(message)" }

    /// From an error response's body; a body not in the contract's shape (a proxy's page,
    /// say) becomes `unexpected_response`.
    init(status: Int, data: Data, retryAfter: String?) {
        guard let detail = try? JSONCoding.decoder.decode(ErrorDetail.Envelope.self, from: data).error else {
            self = .unexpectedResponse(status: status)
            return
        }
        self.status = status
        code = detail.code
        message = detail.message
        fields = detail.fields ?? []
        self.retryAfter = retryAfter.flatMap(Int.init).map(Duration.seconds)
    }

    private init(status: Int, code: ErrorCode, message: String) {
        self.status = status
        self.code = code
        self.message = message
        fields = []
    }

    /// A 401 whose body URLSession kept back (see `ChallengeDecliner`); the contract fixes its code.
    static let credentialsRefused = TripPlannerError(
        status: 401, code: .unauthorized, message: "Valid credentials are required: HTTP Basic, or a session token as Bearer.")

    /// Signing up needs the username and password this client was made with.
    static let passwordRequired = TripPlannerError(
        status: 0, code: .passwordRequired, message: "This client holds a session token, not a username and password.")

    /// A response that is not what the contract promises.
    static func unexpectedResponse(status: Int) -> TripPlannerError {
        TripPlannerError(status: status, code: .unexpectedResponse, message: "The server's response is not in the shape the contract gives.")
    }
}

extension ErrorCode {
    /// Client-side only: the response did not follow the contract.
    public static let unexpectedResponse = ErrorCode(rawValue: "unexpected_response")
    /// Client-side only: the call needs the password, and the client holds a token.
    public static let passwordRequired = ErrorCode(rawValue: "password_required")
}
