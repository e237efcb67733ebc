import BSON
import Foundation

/// A user as the API renders it, and the identity of an authenticated request.
struct User: Codable, Equatable, Sendable {
    var id: ObjectId
    var username: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id = "_id"
        case username
        case createdAt = "created_at"
    }
}
