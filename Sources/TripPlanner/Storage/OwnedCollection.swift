import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Mongo

/// Owner-scoped access to the collection of one kind of `OwnedDocument`: every query is
/// limited to one owner, so another user's document is indistinguishable from a missing one.
/// A new owner-scoped resource needs only its document type and its resource.
struct OwnedCollection<Document: OwnedDocument>: OwnedStore {
    let documents: MongoCollection<Document>

    init(database: MongoDatabase) {
        documents = database.collection(Document.collectionName, of: Document.self)
    }

    /// Serves the owner's newest-first listing and its keyset pagination from the index.
    func createIndexes() async throws {
        try await documents.createIndexes(
            [MongoIndex(keys: [OwnedField.owner: 1, OwnedField.createdAt: -1, OwnedField.id: -1])] + Document.indexes)
    }

    func insert(_ document: Document) async throws {
        try await documents.insertOne(document)
    }

    func find(_ id: ObjectId, owner: ObjectId) async throws -> Document {
        guard let document = try await documents.findOne(Self.scope(id, owner: owner)) else { throw APIError.notFound }
        return document
    }

    /// One page of the owner's documents, newest first, after `cursor`; `next` is where the
    /// following page starts, `nil` on the last page. One extra document is fetched to know.
    func page(
        owner: ObjectId, matching filter: BSONDocument, limit: Int, after cursor: PageCursor?
    ) async throws -> (documents: [Document], next: PageCursor?) {
        var query: BSONDocument = [OwnedField.owner: .objectId(owner)]
        for field in filter.fields + (cursor?.filter.fields ?? []) {
            query.append(field.key, field.value)
        }
        let found = try await documents.find(
            query, sort: [OwnedField.createdAt: -1, OwnedField.id: -1], limit: limit + 1)
        let page = Array(found.prefix(limit))
        return (page, found.count > limit ? page.last.map(PageCursor.init(after:)) : nil)
    }

    /// Runs `pipeline` inside the database over the owner's documents only, so that a question
    /// across all of them never brings them into the server.
    func aggregate(owner: ObjectId, _ pipeline: [BSONDocument]) async throws -> [BSONDocument] {
        try await documents.aggregate([["$match": [OwnedField.owner: .objectId(owner)]]] + pipeline)
    }

    /// Sets `changes` and a new `updated_at`, strictly later than the one it replaces, in one
    /// atomic step guarded by the state it was computed from. `ifMatch` is checked against that
    /// same state, so the check and the write cannot be separated by another write.
    func update(_ id: ObjectId, owner: ObjectId, ifMatch: String?, changes: BSONDocument) async throws -> Document {
        try await writeGuarded(id, owner: owner, ifMatch: ifMatch) { current, guardFilter in
            let previous = current.updatedAt.millisecondsSince1970
            var changes = changes
            changes[OwnedField.updatedAt] = .datetime(millisecondsSince1970: max(Date.now.millisecondsSince1970, previous + 1))
            return try await documents.findOneAndUpdate(filter: guardFilter, update: ["$set": .document(changes)])
        }
    }

    func delete(_ id: ObjectId, owner: ObjectId, ifMatch: String?) async throws {
        guard let ifMatch else {
            guard try await documents.deleteOne(Self.scope(id, owner: owner)) == 1 else { throw APIError.notFound }
            return
        }
        try await writeGuarded(id, owner: owner, ifMatch: ifMatch) { _, guardFilter in
            try await documents.deleteOne(guardFilter) == 1 ? () : nil
        }
    }

    func deleteAll(owner: ObjectId) async throws {
        _ = try await documents.deleteMany([OwnedField.owner: .objectId(owner)])
    }

    /// Reads the current state (404 if there is none for this owner), checks `ifMatch` against
    /// it (412), then runs `write` with a filter that matches only that state. When another
    /// write got in between, `write` returns `nil` and the whole step is taken again.
    private func writeGuarded<Result>(
        _ id: ObjectId, owner: ObjectId, ifMatch: String?,
        _ write: (_ current: Document, _ guardFilter: BSONDocument) async throws -> Result?
    ) async throws -> Result {
        for attempt in 0..<Self.maxWriteAttempts {
            if attempt > 0 {
                // Losers of a round back off by a random, growing pause, so that writers that
                // read and write more slowly than the rest are not beaten on every round.
                try await Task.sleep(for: .microseconds(Int.random(in: 0...(100 << min(attempt, 6)))))
            }
            let current = try await find(id, owner: owner)
            if let ifMatch, !current.etag.isNamed(by: ifMatch, weakly: false) {
                throw APIError.preconditionFailed
            }
            var guardFilter = Self.scope(id, owner: owner)
            guardFilter[OwnedField.updatedAt] = .datetime(current.updatedAt)
            if let result = try await write(current, guardFilter) {
                return result
            }
        }
        throw APIError.writeConflict
    }

    /// Only under a storm of concurrent writes to one document does a write lose this often.
    private static var maxWriteAttempts: Int { 16 }

    private static func scope(_ id: ObjectId, owner: ObjectId) -> BSONDocument {
        [OwnedField.id: .objectId(id), OwnedField.owner: .objectId(owner)]
    }
}

/// What deleting an account needs of every owner-scoped collection, whatever its document.
protocol OwnedStore: IndexedStore {
    func deleteAll(owner: ObjectId) async throws
}
