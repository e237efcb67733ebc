import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

/// A session as stored: what `Session` renders, plus its owner and the SHA-256 of its token,
/// which never leaves the server (the token itself is never stored).
struct StoredSession: Codable, Sendable {
    var id: ObjectId
    var owner: ObjectId
    var tokenHash: String
    var device: String?
    var createdAt: Date
    var lastUsedAt: Date
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case owner
        case tokenHash = "token_hash"
        case device
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
    }

    func rendered(current: ObjectId?) -> Session {
        Session(id: id, device: device, createdAt: createdAt, lastUsedAt: lastUsedAt, expiresAt: expiresAt, current: id == current)
    }
}
