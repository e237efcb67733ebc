import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

/// A user as stored: the rendered fields plus the bcrypt hash, which never leaves the server.
struct UserAccount: Codable, Sendable {
    var id: ObjectId
    var username: String
    var passwordHash: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id = "_id"
        case username
        case passwordHash = "password_hash"
        case createdAt = "created_at"
    }

    var user: User { User(id: id, username: username, createdAt: createdAt) }
}
