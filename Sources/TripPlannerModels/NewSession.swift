#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of `POST /sessions`' 201: the token, shown this once, and its session.
public struct NewSession: Codable, Equatable, Sendable {
    public var token: String
    public var session: Session

    public init(token: String, session: Session) {
        self.token = token
        self.session = session
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case token, session
    }
}
