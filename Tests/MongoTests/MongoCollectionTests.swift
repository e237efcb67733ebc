import BSON
import Foundation
import Mongo
import XCTest

/// Every collection operation, over the wire against the test database.
final class MongoCollectionTests: XCTestCase {
    struct Waypoint: Codable, Equatable {
        var name: String
        var latitude: Double
        var longitude: Double
    }

    struct Trip: Codable, Equatable {
        var _id: ObjectId
        var owner: ObjectId
        var name: String
        var completed: Bool
        var waypoints: [Waypoint]
        var tags: [String: Int]
        var note: String?
        var created_at: Date
        var revision: Int64

        static func make(name: String = "Bay Area", owner: ObjectId = ObjectId(), revision: Int64 = 1) -> Trip {
            Trip(
                _id: ObjectId(), owner: owner, name: name, completed: false,
                waypoints: [
                    Waypoint(name: "Golden Gate Bridge", latitude: 37.8199, longitude: -122.4783),
                    Waypoint(name: "Alcatraz", latitude: 37.8267, longitude: -122.423),
                ],
                tags: ["scenic": 5], note: nil,
                created_at: Date(timeIntervalSince1970: 1_795_772_200.123), revision: revision)
        }
    }

    func testNestedCodableModelRoundTripsThroughTheDatabase() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            var trip = Trip.make()
            trip.note = "pack a jacket"
            try await trips.insertOne(trip)
            let found = try await trips.findOne(["_id": .objectId(trip._id)])
            XCTAssertEqual(found, trip)
            // The stored form uses native BSON types, not strings.
            let raw = try await database.collection("trips").findOne(["_id": .objectId(trip._id)])
            XCTAssertEqual(raw?["owner"], .objectId(trip.owner))
            XCTAssertEqual(raw?["created_at"], .datetime(millisecondsSince1970: 1_795_772_200_123))
            XCTAssertEqual(raw?["revision"], .int64(1))
        }
    }

    func testEveryBSONTypeRoundTripsThroughTheDatabase() async throws {
        try await withTestDatabase { _, database in
            let collection = database.collection("types")
            var document = LibbsonBridgeTests.everyType
            document["_id"] = .objectId(ObjectId())
            try await collection.insertOne(document)
            let found = try await collection.findOne(["_id": document["_id"]!])
            XCTAssertEqual(found, document)
        }
    }

    func testFindFiltersSortsLimitsAndProjects() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            let owner = ObjectId()
            for (index, name) in ["c", "a", "b", "d"].enumerated() {
                try await trips.insertOne(.make(name: name, owner: owner, revision: Int64(index)))
            }
            try await trips.insertOne(.make(name: "someone else's"))

            let sorted = try await trips.find(["owner": .objectId(owner)], sort: ["name": -1], limit: 3)
            XCTAssertEqual(sorted.map(\.name), ["d", "c", "b"])

            let names = try await database.collection("trips").find(
                ["owner": .objectId(owner), "revision": ["$gte": 2]], sort: ["name": 1], projection: ["name": 1, "_id": 0])
            XCTAssertEqual(names, [["name": "b"], ["name": "d"]])

            let none = try await trips.findOne(["owner": .objectId(ObjectId())])
            XCTAssertNil(none)
        }
    }

    func testFindReadsPastTheFirstBatch() async throws {
        try await withTestDatabase { _, database in
            let numbers = database.collection("numbers")
            for value in 0..<250 {
                try await numbers.insertOne(["_id": .int32(Int32(value))])
            }
            let all = try await numbers.find(sort: ["_id": 1])
            XCTAssertEqual(all.count, 250)
            XCTAssertEqual(all.map { $0["_id"] }, (0..<250).map { .int32(Int32($0)) })
        }
    }

    func testUpdateOneReportsMatchedAndModified() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            let trip = Trip.make()
            try await trips.insertOne(trip)

            let changed = try await trips.updateOne(filter: ["_id": .objectId(trip._id)], update: ["$set": ["completed": true]])
            XCTAssertEqual([changed.matchedCount, changed.modifiedCount], [1, 1])
            let found = try await trips.findOne(["_id": .objectId(trip._id)])
            XCTAssertEqual(found?.completed, true)

            let missing = try await trips.updateOne(filter: ["_id": .objectId(ObjectId())], update: ["$set": ["completed": true]])
            XCTAssertEqual([missing.matchedCount, missing.modifiedCount], [0, 0])
        }
    }

    func testFindOneAndUpdateReturnsTheNewDocument() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            let trip = Trip.make()
            try await trips.insertOne(trip)

            let updated = try await trips.findOneAndUpdate(
                filter: ["_id": .objectId(trip._id), "revision": 1],
                update: ["$set": ["name": "Renamed"], "$inc": ["revision": .int64(1)]])
            XCTAssertEqual(updated?.name, "Renamed")
            XCTAssertEqual(updated?.revision, 2)

            // The filter is part of the atomic step: a stale revision matches nothing.
            let stale = try await trips.findOneAndUpdate(
                filter: ["_id": .objectId(trip._id), "revision": 1], update: ["$set": ["name": "Lost update"]])
            XCTAssertNil(stale)
            let stored = try await trips.findOne(["_id": .objectId(trip._id)])
            XCTAssertEqual(stored?.name, "Renamed")
        }
    }

    func testReplaceOneReplacesTheWholeDocument() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            let trip = Trip.make()
            try await trips.insertOne(trip)
            var replacement = Trip.make(name: "Replaced", owner: trip.owner, revision: 7)
            replacement._id = trip._id
            replacement.waypoints = []

            let result = try await trips.replaceOne(filter: ["_id": .objectId(trip._id)], replacement: replacement)
            XCTAssertEqual([result.matchedCount, result.modifiedCount], [1, 1])
            let stored = try await trips.findOne(["_id": .objectId(trip._id)])
            XCTAssertEqual(stored, replacement)
        }
    }

    func testDeleteOneAndDeleteManyCountWhatTheyDelete() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            let owner = ObjectId()
            let kept = Trip.make(name: "kept")
            try await trips.insertOne(kept)
            for name in ["a", "b", "c"] {
                try await trips.insertOne(.make(name: name, owner: owner))
            }

            let one = try await trips.deleteOne(["owner": .objectId(owner)])
            XCTAssertEqual(one, 1)
            let rest = try await trips.deleteMany(["owner": .objectId(owner)])
            XCTAssertEqual(rest, 2)
            let again = try await trips.deleteMany(["owner": .objectId(owner)])
            XCTAssertEqual(again, 0)
            let remaining = try await trips.find()
            XCTAssertEqual(remaining, [kept])
        }
    }

    func testCountDocuments() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips", of: Trip.self)
            let owner = ObjectId()
            for index in 0..<5 {
                var trip = Trip.make(owner: owner)
                trip.completed = index.isMultiple(of: 2)
                try await trips.insertOne(trip)
            }
            try await trips.insertOne(.make())
            let all = try await trips.countDocuments()
            let mine = try await trips.countDocuments(["owner": .objectId(owner)])
            let completed = try await trips.countDocuments(["owner": .objectId(owner), "completed": true])
            XCTAssertEqual([all, mine, completed], [6, 5, 3])
        }
    }

    func testUniqueIndexTurnsASecondInsertIntoDuplicateKey() async throws {
        try await withTestDatabase { _, database in
            let users = database.collection("users")
            let index = MongoIndex(keys: ["username": 1], unique: true)
            XCTAssertEqual(index.name, "username_1")
            try await users.createIndexes([index])
            try await users.createIndexes([index])  // idempotent

            try await users.insertOne(["_id": .objectId(ObjectId()), "username": "alice"])
            do {
                try await users.insertOne(["_id": .objectId(ObjectId()), "username": "alice"])
                XCTFail("a second alice was stored")
            } catch MongoError.duplicateKey(let message) {
                XCTAssertTrue(message.contains("E11000"), message)
            }
            let count = try await users.countDocuments(["username": "alice"])
            XCTAssertEqual(count, 1)
        }
    }

    func testDropRemovesDocumentsAndIsIdempotent() async throws {
        try await withTestDatabase { _, database in
            let scratch = database.collection("scratch")
            try await scratch.insertOne(["_id": 1])
            try await scratch.drop()
            let count = try await scratch.countDocuments()
            XCTAssertEqual(count, 0)
            try await scratch.drop()
        }
    }

    func testDocumentOverTheServerLimitIsRefusedUnwritten() async throws {
        try await withTestDatabase { _, database in
            let collection = database.collection("big")
            let megabyte = String(repeating: "x", count: 1 << 20)
            let document = BSONDocument([("_id", 1)] + (0..<17).map { ("field\($0)", .string(megabyte)) })
            do {
                try await collection.insertOne(document)
                XCTFail("a 17 MiB document was accepted")
            } catch MongoError.command(_, let message) {
                XCTAssertFalse(message.isEmpty)
            }
            let count = try await collection.countDocuments()
            XCTAssertEqual(count, 0)
        }
    }

    func testServerErrorsAreTypedCommandErrors() async throws {
        try await withTestDatabase { _, database in
            let trips = database.collection("trips")
            try await trips.insertOne(["_id": 1])
            do {
                _ = try await trips.updateOne(filter: ["_id": 1], update: ["$notAnOperator": ["a": 1]])
                XCTFail("an invalid update was accepted")
            } catch MongoError.command(let code, let message) {
                XCTAssertNotEqual(code, 0)
                XCTAssertFalse(message.isEmpty)
            }
        }
    }
}
