import HTTPTypes

/// What an `Authorization` header presents: a password (Basic) or a session token (Bearer).
/// Anything else, including a header sent twice, is no credential and gets 401.
enum Credential: Sendable {
    case basic(BasicCredentials)
    case bearer(SessionToken)

    enum Kind: Sendable {
        case basic, bearer
    }

    var kind: Kind {
        switch self {
        case .basic: .basic
        case .bearer: .bearer
        }
    }

    init?(_ headers: HTTPFields) {
        // Two headers (say, both schemes) are ambiguous, so neither is taken.
        let values = headers[values: .authorization]
        guard values.count == 1, let header = values.first, let space = header.utf8.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        switch header[..<space].lowercased() {
        case "basic":
            guard let credentials = BasicCredentials(authorization: header) else { return nil }
            self = .basic(credentials)
        case "bearer":
            guard let token = SessionToken(header[space...].trimmingOptionalWhitespace()) else { return nil }
            self = .bearer(token)
        default:
            return nil
        }
    }
}
