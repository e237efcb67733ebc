import ArgumentParser
import BSON
import Foundation
import Mongo

/// `TripPlannerBench`: the database's own limit for one of the server's trip operations.
///
/// It issues the operation an HTTP scenario causes straight to MongoDB, through the same
/// driver layer, with as many operations in flight as the HTTP load has connections, so that
/// the server's throughput can be read as a share of what the database alone allows.
@main
struct TripPlannerBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "TripPlannerBench",
        abstract: "Drives one trip operation directly against MongoDB and prints one JSON line.")

    @Option(help: "The operation to repeat, as the server issues it for one request.")
    var operation: BenchOperation

    @Option(help: "MongoDB connection string (env MONGODB_URI).")
    var uri = ProcessInfo.processInfo.environment["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/"

    @Option(help: "Database name (env DATABASE).")
    var database = ProcessInfo.processInfo.environment["DATABASE"] ?? "trip_planner"

    @Option(help: "Operations in flight at once, and connections in the pool.")
    var concurrency = 16

    @Option(help: "How long to keep issuing operations, in seconds.")
    var duration = 10.0

    @Option(help: "The owner's user id (24 hex characters); every operation is scoped to it, as the server's are.")
    var owner: String

    @Option(help: "A file of trip ids of that owner, one 24-hex id per line (find-by-id and update).")
    var idsFile: String?

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1.") }
        guard duration > 0 else { throw ValidationError("--duration must be positive.") }
        guard ObjectId(owner) != nil else { throw ValidationError("--owner must be 24 hex characters.") }
        if operation.needsIds && idsFile == nil {
            throw ValidationError("--ids-file is required for \(operation.rawValue).")
        }
    }

    func run() async throws {
        let ids = try idsFile.map(Self.readIds) ?? []
        if operation.needsIds && ids.isEmpty { throw ValidationError("\(idsFile ?? "") holds no ids.") }
        let client = try MongoClient(MongoConfiguration(uri: uri, maxConnections: concurrency))
        let workload = TripWorkload(
            trips: client.database(database).collection("trips"), owner: ObjectId(owner)!, ids: ids)
        let result = await LoadRunner(concurrency: concurrency, duration: .seconds(duration)).run {
            try await workload.perform(operation)
        }
        try await client.close()
        if let firstError = result.firstError {
            FileHandle.standardError.write(Data("TripPlannerBench: \(result.errors) errors, e.g. \(firstError)\n".utf8))
        }
        print(try BenchReport(operation: operation, concurrency: concurrency, result: result).jsonLine())
    }

    private static func readIds(_ path: String) throws -> [ObjectId] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        return try lines.map { line in
            guard let id = ObjectId(line.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(path): not a 24-hex id: \(line)")
            }
            return id
        }
    }
}
