import Foundation
import Hummingbird
import XCTest

/// Two `trip-planner` processes on one database, as behind a load balancer: whatever one
/// instance decides, the other sees, because every decision is the database's.
final class SeveralInstancesTests: XCTestCase {
    func testConcurrentSignUpsOfOneNameAcrossInstancesGiveExactlyOneCreated() async throws {
        let (a, b) = try await startTwoInstances()
        let username = uniqueUsername("multi")
        let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
            for index in 0..<8 {
                let server = index % 2 == 0 ? a : b
                // Case differs between attempts: still one username.
                let spelling = index % 4 < 2 ? username : username.uppercased()
                group.addTask {
                    try await server.withConnection { try await $0.signUpRequest(spelling, "password \(index)") }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let created = replies.filter { $0.status == .created }
        XCTAssertEqual(created.count, 1, replies.map { "\($0.status.code) \($0.text)" }.joined(separator: " | "))
        for reply in created {
            try assertUser(reply, .created, username: username)
        }
        for reply in replies where reply.status != .created {
            assertError(reply, .conflict, "username_taken")
        }
    }

    func testStaleIfMatchOnOneInstanceAfterAWriteThroughTheOtherGives412() async throws {
        let (a, b) = try await startTwoInstances()
        let (account, trip) = try await a.withConnection { api in
            let account = try await api.signUp()
            return (account, try await api.createTrip(account, name: "Shared"))
        }
        let read = try await a.withConnection { try await $0.getTrip(account, trip.id) }
        let updated = try await b.withConnection { api in
            try assertTrip(
                try await api.request(.patch, trip.path, as: account, headers: [.ifMatch: read.etag], json: #"{"name": "Through B"}"#), .ok)
        }
        try await a.withConnection { api in
            let stale = try await api.request(.patch, trip.path, as: account, headers: [.ifMatch: read.etag], json: #"{"name": "Through A"}"#)
            assertError(stale, .preconditionFailed, "precondition_failed")
            let now = try await api.getTrip(account, trip.id)
            XCTAssertEqual(now.body, updated.body, "the refused write changed the trip")
            XCTAssertEqual(now.etag, updated.etag)
        }
    }

    func testWhatOneInstanceWritesTheOtherReads() async throws {
        let (a, b) = try await startTwoInstances()
        let account = try await a.withConnection { try await $0.signUp() }
        let trip = try await b.withConnection { try await $0.createTrip(account, TripTests.bayArea) }
        try await a.withConnection { api in
            let read = try await api.getTrip(account, trip.id)
            XCTAssertEqual(read.body, trip.body)
            XCTAssertEqual(read.etag, trip.etag)
            let listed = try await api.listTrips(account)
            XCTAssertEqual(listed.trips, [trip.body])
            assertStatus(try await api.request(.delete, trip.path, as: account), .noContent)
        }
        try await b.withConnection { api in
            assertError(try await api.request(.get, trip.path, as: account), .notFound, "not_found")
        }
    }

    /// Two servers on a database of this test's own.
    private func startTwoInstances() async throws -> (ServerProcess, ServerProcess) {
        let database = freshDatabase("instances")
        async let a = ServerProcess(database: database)
        async let b = ServerProcess(database: database)
        let servers = try await (a, b)
        addTeardownBlock {
            servers.0.kill()
            servers.1.kill()
        }
        return servers
    }
}
