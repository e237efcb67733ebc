import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A user as the API renders it: to the server, the identity of an authenticated request.
public struct User: Codable, Equatable, Sendable, Identifiable {
    public var id: ObjectId
    public var username: String
    public var createdAt: Date

    public init(id: ObjectId, username: String, createdAt: Date) {
        self.id = id
        self.username = username
        self.createdAt = createdAt
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case id = "_id"
        case username
        case createdAt = "created_at"
    }
}
