import BSON
import Foundation
import TripPlannerModels
import XCTest

@testable import TripPlanner

/// A trip written field by field (`BSONDocumentEncodable`) is the document `BSONEncoder` writes,
/// down to the order of its fields and their BSON types.
final class TripBSONWritingTests: XCTestCase {
    func testWritesWhatTheEncoderWrites() throws {
        var generator = SplitMix64(seed: 3)
        let names = ["", "Coast \u{0} \"/\\ 😀", "a.b", "$set", String(repeating: "é", count: 200)]
        for _ in 0..<500 {
            let trip = TripPlannerModels.Trip(
                id: ObjectId(), owner: ObjectId(), name: names.randomElement(using: &generator)!,
                completed: Bool.random(using: &generator),
                waypoints: (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    TripPlannerModels.Waypoint(
                        name: names.randomElement(using: &generator)!,
                        latitude: [-90, 0, -0.0, 37.8199, Double.random(in: -90...90, using: &generator)].randomElement(using: &generator)!,
                        longitude: Double.random(in: -180...180, using: &generator))
                },
                createdAt: Date(millisecondsSince1970: Int64.random(in: -1...(1 << 47), using: &generator)),
                updatedAt: Date(millisecondsSince1970: Int64.random(in: 0...(1 << 47), using: &generator)))
            let written = trip.bsonDocument
            XCTAssertEqual(written, try BSONEncoder().encode(trip))
            XCTAssertEqual(written.keys, TripPlannerModels.Trip.CodingKeys.allCases.map(\.rawValue))
        }
    }
}
