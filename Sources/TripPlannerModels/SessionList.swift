#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of `GET /sessions`: the user's sessions, newest first.
public struct SessionList: Codable, Equatable, Sendable {
    public var sessions: [Session]

    public init(sessions: [Session]) {
        self.sessions = sessions
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case sessions
    }
}
