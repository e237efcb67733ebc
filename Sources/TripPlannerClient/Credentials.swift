import Foundation

/// A user's HTTP Basic credentials.
struct Credentials: Sendable {
    var username: String
    var password: String

    var authorization: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
