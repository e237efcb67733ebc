import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mongo

/// A document that belongs to one user and carries the bookkeeping every owned resource
/// shares: who owns it, when it was created and when it last changed.
protocol OwnedDocument: Codable, Sendable {
    associatedtype CodingKeys: CodingKey
    var id: ObjectId { get }
    var owner: ObjectId { get }
    var createdAt: Date { get }
    var updatedAt: Date { get }
    static var collectionName: String { get }
    /// Indexes for this kind of document's own queries, beside the listing's.
    static var indexes: [MongoIndex] { get }
}

extension OwnedDocument {
    static var indexes: [MongoIndex] { [] }

    /// `updatedAt` strictly increases with every write, so it identifies a state exactly.
    var etag: ETag { ETag(updatedAt) }
}

/// The stored field names `OwnedCollection` filters and sorts on; every owned document
/// stores them under these names.
enum OwnedField {
    static let id = "_id"
    static let owner = "owner"
    static let createdAt = "created_at"
    static let updatedAt = "updated_at"
}
