import Foundation

/// What the client authenticates with: the password until it signs in, then only the
/// session token; nothing once it has signed out.
enum Credentials: Sendable {
    case password(username: String, password: String)
    case token(String)
    case signedOut

    /// The `Authorization` header, if there is anything to send.
    var authorization: String? {
        switch self {
        case .password(let username, let password): "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .token(let token): "Bearer " + token
        case .signedOut: nil
        }
    }
}
