/// What a driver call does, as the `operation` label of the database metrics names it.
enum MongoOperation: String, CaseIterable, Sendable {
    case insertOne
    case find
    case aggregate
    case updateOne
    case findOneAndUpdate
    case replaceOne
    case deleteOne
    case deleteMany
    case countDocuments
    case createIndexes
    case drop
    case dropDatabase
    case ping
    case startSession
}
