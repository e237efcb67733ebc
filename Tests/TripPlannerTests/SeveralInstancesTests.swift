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

    // MARK: - Revocation reaches every instance within a second

    /// Sends `request` through `server` until it is refused; returns how long after `start`
    /// the first refused request was sent. Fails when a request sent a second or more after
    /// `start` was still accepted.
    private static func refusal(
        on server: ServerProcess, after start: ContinuousClock.Instant, _ account: Account,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> Duration {
        try await server.withConnection { api in
            while true {
                let sent = ContinuousClock.now
                let reply = try await api.request(.get, "/users", as: account)
                if reply.status == .unauthorized {
                    assertUnauthorized(reply, file: file, line: line)
                    return sent - start
                }
                assertStatus(reply, .ok, file: file, line: line)
                guard sent - start < .seconds(1) else {
                    XCTFail("still accepted through the other instance \(sent - start) after the revocation", file: file, line: line)
                    return sent - start
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Makes sure `account` works through `server` right now, so that instance remembers it.
    private func assertAccepted(_ account: Account, through server: ServerProcess, file: StaticString = #filePath, line: UInt = #line) async throws {
        try await server.withConnection { api in
            for _ in 0..<3 {
                assertStatus(try await api.request(.get, "/users", as: account), .ok, file: file, line: line)
            }
        }
    }

    func testARevokedTokenIsRefusedByTheOtherInstanceWithinASecond() async throws {
        let (a, b) = try await startTwoInstances()
        var latencies: [Duration] = []
        for _ in 0..<3 {
            let account = try await a.withConnection { try await $0.signUp() }
            let (phone, phoneSession) = try await a.withConnection { try await $0.signIn(account) }
            let (laptop, _) = try await a.withConnection { try await $0.signIn(account) }
            try await assertAccepted(phone, through: b)
            try await assertAccepted(laptop, through: b)
            let start = try await a.withConnection { api in
                let reply = try await api.request(.delete, "/sessions/\(phoneSession._id)", as: laptop)
                assertStatus(reply, .noContent)
                return ContinuousClock.now
            }
            latencies.append(try await Self.refusal(on: b, after: start, phone))
            try await assertAccepted(laptop, through: b)
        }
        print("revocation latency across instances: \(latencies)")
    }

    func testSignOutEverywhereThroughOneInstanceReachesTheOtherWithinASecond() async throws {
        let (a, b) = try await startTwoInstances()
        let account = try await a.withConnection { try await $0.signUp() }
        let (phone, _) = try await a.withConnection { try await $0.signIn(account) }
        let (laptop, _) = try await b.withConnection { try await $0.signIn(account) }
        try await assertAccepted(phone, through: b)
        try await assertAccepted(laptop, through: b)
        let start = try await a.withConnection { api in
            assertStatus(try await api.request(.delete, "/sessions/current", as: phone), .noContent)
            assertStatus(try await api.request(.delete, "/sessions", as: account), .noContent)
            return ContinuousClock.now
        }
        async let phoneRefused = Self.refusal(on: b, after: start, phone)
        async let laptopRefused = Self.refusal(on: b, after: start, laptop)
        print("sign-out latency across instances: \(try await [phoneRefused, laptopRefused])")
    }

    func testAPasswordChangeThroughOneInstanceReachesTheOtherWithinASecond() async throws {
        let (a, b) = try await startTwoInstances()
        let account = try await a.withConnection { try await $0.signUp() }
        let (phone, _) = try await a.withConnection { try await $0.signIn(account) }
        let (laptop, _) = try await a.withConnection { try await $0.signIn(account) }
        for credentials in [account, phone, laptop] {
            try await assertAccepted(credentials, through: b)
        }
        let start = try await a.withConnection { api in
            assertStatus(try await api.request(.patch, "/users", as: phone, json: #"{"password": "a new password"}"#), .ok)
            return ContinuousClock.now
        }
        async let oldPassword = Self.refusal(on: b, after: start, account)
        async let otherToken = Self.refusal(on: b, after: start, laptop)
        print("password change latency across instances: \(try await [oldPassword, otherToken])")
        try await assertAccepted(phone, through: b)
        var changed = account
        changed.password = "a new password"
        try await assertAccepted(changed, through: b)
    }

    func testAnAccountDeletionThroughOneInstanceReachesTheOtherWithinASecond() async throws {
        let (a, b) = try await startTwoInstances()
        let account = try await a.withConnection { try await $0.signUp() }
        let (phone, _) = try await a.withConnection { try await $0.signIn(account) }
        for credentials in [account, phone] {
            try await assertAccepted(credentials, through: b)
        }
        let start = try await a.withConnection { api in
            assertStatus(try await api.request(.delete, "/users", as: account), .noContent)
            return ContinuousClock.now
        }
        async let password = Self.refusal(on: b, after: start, account)
        async let token = Self.refusal(on: b, after: start, phone)
        print("account deletion latency across instances: \(try await [password, token])")
    }

    // MARK: - One throttle for all instances

    func testFailuresThroughBothInstancesAddUpAndTheLockoutHoldsOnBoth() async throws {
        let (a, b) = try await startTwoInstances()
        let account = try await a.withConnection { try await $0.signUp() }
        let bystander = try await a.withConnection { try await $0.signUp() }
        // Both instances remember the right password before the attack.
        try await assertAccepted(account, through: a)
        try await assertAccepted(account, through: b)
        let wrong = Account(username: account.username, password: account.password + "!", id: account.id)
        // 6 through A and 5 through B: the tenth failure locks, the eleventh is refused.
        for (server, count) in [(a, 6), (b, 4)] {
            try await server.withConnection { api in
                for _ in 0..<count {
                    assertUnauthorized(try await api.request(.get, "/users", as: wrong))
                }
            }
        }
        try await b.withConnection { api in
            assertError(try await api.request(.get, "/users", as: wrong), .tooManyRequests, "too_many_attempts")
            assertError(try await api.request(.get, "/users", as: account), .tooManyRequests, "too_many_attempts")
        }
        // A remembered the right password less than a second ago and may still answer from
        // memory for the rest of that second; past it, it asks the database.
        try await Task.sleep(for: .seconds(1))
        for server in [a, b] {
            try await server.withConnection { api in
                for credentials in [account, wrong] {
                    let locked = try await api.request(.get, "/users", as: credentials)
                    assertError(locked, .tooManyRequests, "too_many_attempts")
                    XCTAssertNotNil(locked.headers[.retryAfter])
                }
                assertStatus(try await api.request(.get, "/users", as: bystander), .ok)
            }
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
