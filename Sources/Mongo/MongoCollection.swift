import BSON
import CMongoc

/// A collection whose documents are `Document` values, converted with the BSON Codable bridge,
/// or read and written by the type itself when it is `BSONDocumentDecodable` and
/// `BSONDocumentEncodable`.
///
/// Encoding and decoding run in the caller's task; only the conversion to and from `bson_t`
/// and the driver call itself run on the client's blocking threads.
public struct MongoCollection<Document: Codable & Sendable>: Sendable {
    public let name: String
    public let database: MongoDatabase

    private var client: MongoClient { database.client }

    public func insertOne(_ document: Document) async throws {
        let document = try encode(document)
        try await withCollection(.insertOne) { collection in
            try document.withLibbson { document in
                var error = bson_error_t()
                let inserted = try Self.unchecked.withLibbson { options in
                    mongoc_collection_insert_one(collection, document, options, nil, &error)
                }
                guard inserted else { throw MongoError(error) }
            }
        }
    }

    /// The `find` command itself, in a single batch: a cursor fetches its connection's server
    /// description twice and copies it each time, and without it a `GET /trips/{id}` takes 7%
    /// fewer instructions.
    public func findOne(_ filter: BSONDocument) async throws -> Document? {
        let command: BSONDocument = ["find": .string(name), "filter": .document(filter), "limit": 1, "singleBatch": true]
        let found = try await reply(.find) { collection, reply, error in
            try command.withLibbson { mongoc_collection_read_command_with_opts(collection, $0, nil, nil, reply, &error) }
        }
        guard case .document(let cursor)? = found["cursor"], case .array(let batch)? = cursor["firstBatch"] else {
            throw MongoError.invalidDocument("the reply to a find command has no cursor.firstBatch")
        }
        guard case .document(let document)? = batch.first else { return nil }
        return try decode(document)
    }

    /// Every matching document; the driver fetches further batches as needed.
    public func find(
        _ filter: BSONDocument = [:], sort: BSONDocument? = nil, limit: Int? = nil, projection: BSONDocument? = nil
    ) async throws -> [Document] {
        var options = BSONDocument()
        options["sort"] = sort.map(BSON.document)
        options["limit"] = limit.map { .int64(Int64($0)) }
        options["projection"] = projection.map(BSON.document)
        let found = try await withCollection(.find) { [options] collection in
            try filter.withLibbson { filter in
                try options.withLibbson { options in
                    let cursor = mongoc_collection_find_with_opts(collection, filter, options, nil)
                    defer { mongoc_cursor_destroy(cursor) }
                    return try Self.drain(cursor)
                }
            }
        }
        return try found.map(decode)
    }

    /// The documents an aggregation pipeline outputs, as they come: a pipeline shapes its own
    /// results. Stages may spill to disk, as grouping many documents needs on mongod.
    public func aggregate(_ pipeline: [BSONDocument]) async throws -> [BSONDocument] {
        let options: BSONDocument = ["allowDiskUse": true]
        let pipeline: BSONDocument = ["pipeline": .array(pipeline.map(BSON.document))]
        return try await withCollection(.aggregate) { collection in
            try pipeline.withLibbson { pipeline in
                try options.withLibbson { options in
                    let cursor = mongoc_collection_aggregate(collection, MONGOC_QUERY_NONE, pipeline, options, nil)
                    defer { mongoc_cursor_destroy(cursor) }
                    return try Self.drain(cursor)
                }
            }
        }
    }

    /// Applies an update document (`$set`, `$inc`, …) to the first match.
    public func updateOne(filter: BSONDocument, update: BSONDocument) async throws -> UpdateResult {
        try await reply(.updateOne) { collection, reply, error in
            try filter.withLibbson { filter in
                try update.withLibbson { update in
                    mongoc_collection_update_one(collection, filter, update, nil, reply, &error)
                }
            }
        }.updateResult
    }

    /// Applies an update document to the first match and returns the document as it is after
    /// the update, in one atomic step; `nil` when nothing matched. With `upsert`, a document
    /// made of the filter's equalities and the update is inserted when nothing matched.
    public func findOneAndUpdate(filter: BSONDocument, update: BSONDocument, upsert: Bool = false) async throws -> Document? {
        let value = try await withCollection(.findOneAndUpdate) { collection in
            try filter.withLibbson { filter in
                try update.withLibbson { update in
                    let options = mongoc_find_and_modify_opts_new()
                    defer { mongoc_find_and_modify_opts_destroy(options) }
                    mongoc_find_and_modify_opts_set_update(options, update)
                    let flags = upsert
                        ? mongoc_find_and_modify_flags_t(MONGOC_FIND_AND_MODIFY_RETURN_NEW.rawValue | MONGOC_FIND_AND_MODIFY_UPSERT.rawValue)
                        : MONGOC_FIND_AND_MODIFY_RETURN_NEW
                    mongoc_find_and_modify_opts_set_flags(options, flags)
                    return try LibbsonStorage.withReply { reply in
                        var error = bson_error_t()
                        guard mongoc_collection_find_and_modify_with_opts(collection, filter, options, reply, &error) else {
                            throw MongoError(error)
                        }
                        return try BSONDocument(libbson: reply)["value"]
                    }
                }
            }
        }
        guard case .document(let document) = value else { return nil }
        return try decode(document)
    }

    /// Replaces the first match whole, keeping its `_id`.
    public func replaceOne(filter: BSONDocument, replacement: Document) async throws -> UpdateResult {
        let replacement = try encode(replacement)
        return try await reply(.replaceOne) { collection, reply, error in
            try filter.withLibbson { filter in
                try replacement.withLibbson { replacement in
                    try Self.unchecked.withLibbson { options in
                        mongoc_collection_replace_one(collection, filter, replacement, options, reply, &error)
                    }
                }
            }
        }.updateResult
    }

    /// Deletes the first match; returns how many were deleted (0 or 1).
    public func deleteOne(_ filter: BSONDocument) async throws -> Int {
        try await reply(.deleteOne) { collection, reply, error in
            try filter.withLibbson { mongoc_collection_delete_one(collection, $0, nil, reply, &error) }
        }.count("deletedCount")
    }

    /// Deletes every match; returns how many were deleted.
    public func deleteMany(_ filter: BSONDocument) async throws -> Int {
        try await reply(.deleteMany) { collection, reply, error in
            try filter.withLibbson { mongoc_collection_delete_many(collection, $0, nil, reply, &error) }
        }.count("deletedCount")
    }

    public func countDocuments(_ filter: BSONDocument = [:]) async throws -> Int {
        try await withCollection(.countDocuments) { collection in
            try filter.withLibbson { filter in
                try LibbsonStorage.withReply { reply in
                    var error = bson_error_t()
                    let count = mongoc_collection_count_documents(collection, filter, nil, nil, reply, &error)
                    guard count >= 0 else { throw MongoError(error) }
                    return Int(count)
                }
            }
        }
    }

    /// Creates the indexes that do not exist yet; an identical existing index is not an error.
    public func createIndexes(_ indexes: [MongoIndex]) async throws {
        // libmongoc 1.23 has no helper for this; the command is the documented way.
        let command: BSONDocument = ["createIndexes": .string(name), "indexes": .array(indexes.map(\.specification))]
        _ = try await reply(.createIndexes) { collection, reply, error in
            try command.withLibbson { mongoc_collection_write_command_with_opts(collection, $0, nil, reply, &error) }
        }
    }

    /// Drops the collection and its indexes; dropping a missing collection is not an error.
    public func drop() async throws {
        do {
            try await withCollection(.drop) { collection in
                var error = bson_error_t()
                guard mongoc_collection_drop_with_opts(collection, nil, &error) else { throw MongoError(error) }
            }
        } catch MongoError.command(code: Self.namespaceNotFound, _) {}
    }

    private static var namespaceNotFound: Int { 26 }

    /// Options that skip libmongoc's check of a whole document's keys and UTF-8 before it is
    /// written. `Document` values are typed models: their keys are coding keys and their text
    /// is Swift strings, so the check could never fail, and it was 3.4% of a `POST /trips`.
    private static var unchecked: BSONDocument { ["validate": false] }

    /// Every document a cursor yields; the driver fetches further batches as needed.
    private static func drain(_ cursor: OpaquePointer?) throws -> [BSONDocument] {
        var documents: [BSONDocument] = []
        var current: OpaquePointer?
        while mongoc_cursor_next(cursor, &current), let current {
            documents.append(try BSONDocument(libbson: current))
        }
        var error = bson_error_t()
        if mongoc_cursor_error(cursor, &error) { throw MongoError(error) }
        return documents
    }

    private func encode(_ document: Document) throws -> BSONDocument {
        if let selfWriting = document as? any BSONDocumentEncodable {
            return selfWriting.bsonDocument
        }
        return try BSONEncoder().encode(document)
    }

    private func decode(_ document: BSONDocument) throws -> Document {
        if let selfReading = Document.self as? any BSONDocumentDecodable.Type {
            return try selfReading.init(bsonDocument: document) as! Document
        }
        return try BSONDecoder().decode(Document.self, from: document)
    }

    private func withCollection<Result: Sendable>(
        _ operation: MongoOperation, _ body: @escaping @Sendable (_ collection: OpaquePointer) throws -> Result
    ) async throws -> Result {
        try await client.withConnection(operation) { [name, database] client in
            let collection = mongoc_client_get_collection(client, database.name, name)!
            defer { mongoc_collection_destroy(collection) }
            return try body(collection)
        }
    }

    /// The shape libmongoc's helpers that fill in a reply share: a reply, an error, success.
    private func reply(
        _ operation: MongoOperation,
        _ call: @escaping @Sendable (
            _ collection: OpaquePointer, _ reply: OpaquePointer, _ error: inout bson_error_t
        ) throws -> Bool
    ) async throws -> BSONDocument {
        try await withCollection(operation) { collection in
            try LibbsonStorage.withReply { reply in
                var error = bson_error_t()
                guard try call(collection, reply, &error) else { throw MongoError(error) }
                return try BSONDocument(libbson: reply)
            }
        }
    }
}

extension BSONDocument {
    fileprivate func count(_ key: String) -> Int {
        self[key]?.integerValue ?? 0
    }

    fileprivate var updateResult: UpdateResult {
        UpdateResult(matchedCount: count("matchedCount"), modifiedCount: count("modifiedCount"))
    }
}
