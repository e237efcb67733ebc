import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A signed-in device of a user, as `GET /sessions` renders it. The token is not part of it:
/// the server shows that once, in `NewSession`, and keeps only a hash.
public struct Session: Codable, Equatable, Sendable, Identifiable {
    public var id: ObjectId
    public var device: String?
    public var createdAt: Date
    /// May lag real use by up to an hour.
    public var lastUsedAt: Date
    public var expiresAt: Date
    /// Whether this is the session whose token made the request.
    public var current: Bool

    public init(id: ObjectId, device: String?, createdAt: Date, lastUsedAt: Date, expiresAt: Date, current: Bool) {
        self.id = id
        self.device = device
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.current = current
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case id = "_id"
        case device
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
        case current
    }

    // The synthesized encoder would leave a missing device out; the contract shows it as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(device, forKey: .device)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(current, forKey: .current)
    }
}
