import BSON
import Foundation
import TripPlannerModels
import XCTest

@testable import TripPlanner

/// A trip read field by field (`BSONDocumentDecodable`) is the trip `BSONDecoder` reads, and
/// a document it cannot read fails both ways.
final class TripBSONReadingTests: XCTestCase {
    private typealias Trip = TripPlannerModels.Trip
    private typealias Waypoint = TripPlannerModels.Waypoint

    private let stored = Trip(
        id: ObjectId(), owner: ObjectId(), name: "Coast \u{0} \"/\\ 😀", completed: true,
        waypoints: [
            Waypoint(name: "Golden Gate", latitude: 37.8199, longitude: -122.4783),
            Waypoint(name: "", latitude: -90, longitude: 180),
        ],
        createdAt: Date(millisecondsSince1970: 1_795_253_400_123), updatedAt: Date(millisecondsSince1970: -1))

    private func assertReadsAsDecoded(_ document: BSONDocument, file: StaticString = #filePath, line: UInt = #line) throws {
        let decoded = Result { try BSONDecoder().decode(Trip.self, from: document) }
        let read = Result { try Trip(bsonDocument: document) }
        switch (decoded, read) {
        case (.success(let decoded), .success(let read)):
            XCTAssertEqual(read, decoded, file: file, line: line)
        case (.failure(let decoded), .failure(let read)):
            XCTAssertEqual(String(describing: read), String(describing: decoded), file: file, line: line)
        default:
            XCTFail("decoded \(decoded), read \(read)", file: file, line: line)
        }
    }

    func testReadsWhatItStores() throws {
        let document = try BSONEncoder().encode(stored)
        XCTAssertEqual(try Trip(bsonDocument: document), stored)
        try assertReadsAsDecoded(document)
        try assertReadsAsDecoded(try BSONEncoder().encode(Trip(
            id: stored.id, owner: stored.owner, name: "", completed: false, waypoints: [],
            createdAt: stored.createdAt, updatedAt: stored.updatedAt)))
    }

    /// Numbers stored as integers convert as BSONDecoder converts them.
    func testIntegerCoordinatesReadAsDoubles() throws {
        var document = try BSONEncoder().encode(stored)
        document["waypoints"] = [["name": "Null Island", "latitude": .int32(0), "longitude": .int64(-7)]]
        try assertReadsAsDecoded(document)
    }

    func testBrokenDocumentsFailAsTheDecoderFails() throws {
        let document = try BSONEncoder().encode(stored)
        var broken: [BSONDocument] = []
        for key in Trip.CodingKeys.allCases.map(\.rawValue) {
            var missing = document
            missing[key] = nil
            broken.append(missing)
            var null = document
            null[key] = .null
            broken.append(null)
            var mistyped = document
            mistyped[key] = .document(["x": 1])
            broken.append(mistyped)
        }
        var badWaypoint = document
        badWaypoint["waypoints"] = [.string("Golden Gate")]
        broken.append(badWaypoint)
        var badCoordinate = document
        badCoordinate["waypoints"] = [["name": "x", "latitude": .double(1.5), "longitude": .string("west")]]
        broken.append(badCoordinate)
        var numericFlag = document
        numericFlag["completed"] = .int32(1)
        broken.append(numericFlag)
        for document in broken {
            try assertReadsAsDecoded(document)
        }
    }
}
