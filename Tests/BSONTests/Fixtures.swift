import BSON
import Foundation
import XCTest

struct Waypoint: Codable, Equatable {
    var name: String
    var latitude: Double
    var longitude: Double
    var arrival: Date?
}

struct Trip: Codable, Equatable {
    var id: ObjectId
    var owner: ObjectId
    var title: String
    var createdAt: Date
    var waypoints: [Waypoint]
    var budget: Double?
    var notes: String?
    var isPublic: Bool
    var tags: [String]
    var ratings: [String: Int]
    var memberIds: [ObjectId]
    var grid: [[Int]]

    enum CodingKeys: String, CodingKey {
        case id = "_id", owner, title, createdAt, waypoints, budget, notes, isPublic, tags, ratings, memberIds, grid
    }

    static let sample = Trip(
        id: ObjectId("65a1b2c3d4e5f60718293a4b")!,
        owner: ObjectId("000000000000000000000001")!,
        title: "Côte d'Azur 🌊",
        createdAt: Date(timeIntervalSince1970: 1_700_000_000.123),
        waypoints: [
            Waypoint(name: "Nice", latitude: 43.7102, longitude: 7.262, arrival: Date(timeIntervalSince1970: 1_700_100_000)),
            Waypoint(name: "Monaco", latitude: 43.7384, longitude: 7.4246, arrival: nil),
            Waypoint(name: "Menton", latitude: 43.7747, longitude: 7.4975, arrival: Date(timeIntervalSince1970: -1.5)),
        ],
        budget: 1234.5,
        notes: nil,
        isPublic: true,
        tags: ["sea", "", "food"],
        ratings: ["food": 5, "weather": -2],
        memberIds: [ObjectId("000000000000000000000002")!, ObjectId("000000000000000000000003")!],
        grid: [[1, 2], [], [Int.min, Int.max]]
    )
}

/// A key for hand-written coding in tests, written as string literals.
struct TestKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}

/// The error `body` throws as a DecodingError, failing the test if it throws something else or nothing.
func decodingError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> DecodingError? {
    do {
        let value = try body()
        XCTFail("Decoded \(value)", file: file, line: line)
    } catch let error as DecodingError {
        return error
    } catch {
        XCTFail("Threw \(error)", file: file, line: line)
    }
    return nil
}

/// The error `body` throws as an EncodingError, failing the test if it throws something else or nothing.
func encodingError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> EncodingError? {
    do {
        let value = try body()
        XCTFail("Encoded \(value)", file: file, line: line)
    } catch let error as EncodingError {
        return error
    } catch {
        XCTFail("Threw \(error)", file: file, line: line)
    }
    return nil
}

extension Array where Element == any CodingKey {
    var strings: [String] { map(\.stringValue) }
}
