import Hummingbird
import XCTest

@testable import TripPlanner

/// `X-Request-Id`: a client's sane id is echoed, anything else is replaced by a generated one,
/// and every response carries it, errors included.
final class RequestIDTests: XCTestCase {
    func testAClientsIdIsEchoed() async throws {
        try await withServer { api in
            for given in ["abc-123", "0f8c1b52-5d3e-4a3b-9f3e-2b8f1d2c4e5a", String(repeating: "x", count: 128), "a.b_c~d!#$%&'*+^`|"] {
                let reply = try await api.request(.get, "/health", headers: [.requestID: given])
                XCTAssertEqual(try requestID(reply), given)
            }
        }
    }

    func testAnIdIsGeneratedWhenNoneOrAnInsaneOneIsGiven() async throws {
        try await withServer { api in
            var seen: Set<String> = []
            let insane = [String(repeating: "x", count: 129), "has space", "quote\"d", "semi;colon", "ünïcode"]
            for headers in [[:]] + insane.map({ [.requestID: $0] as HTTPFields }) {
                let generated = try requestID(try await api.request(.get, "/health", headers: headers))
                XCTAssertFalse(insane.contains(generated), generated)
                XCTAssertNotNil(generated.wholeMatch(of: /[0-9a-f]{1,32}/), "not a generated id: \(generated)")
                seen.insert(generated)
            }
            XCTAssertEqual(seen.count, insane.count + 1, "generated ids repeat: \(seen)")
        }
    }

    func testErrorResponsesCarryTheId() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let oversized = "{}" + String(repeating: " ", count: 1 << 20)
            let requests: [(String, HTTPResponse.Status, () async throws -> Reply)] = [
                ("401", .unauthorized, { try await api.request(.get, "/users", headers: [.requestID: "401"]) }),
                ("404", .notFound, { try await api.request(.get, "/nowhere", headers: [.requestID: "404"]) }),
                ("405", .methodNotAllowed, { try await api.request(.delete, "/health", headers: [.requestID: "405"]) }),
                ("400", .badRequest, { try await api.request(.get, "/trips/nonsense", as: account, headers: [.requestID: "400"]) }),
                ("413", .contentTooLarge, {
                    // On a connection of its own: the server may close one after refusing a body.
                    try await api.withConnection { connection in
                        try await connection.request(.post, "/trips", as: account, headers: [.requestID: "413"], json: oversized)
                    }
                }),
            ]
            for (given, status, send) in requests {
                let reply = try await send()
                assertStatus(reply, status)
                XCTAssertEqual(try requestID(reply), given)
            }
        }
    }

    func testAnUnavailableDatabasesResponseCarriesTheId() async throws {
        var arguments = TestArguments()
        arguments.mongoURI = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300"
        try await withServer(arguments) { api in
            let signUp = """
                {"username": "\(uniqueUsername())", "password": "correct horse"}
                """
            let reply = try await api.request(.post, "/users", headers: [.requestID: "503"], json: signUp)
            assertError(reply, .serviceUnavailable, "database_unavailable")
            XCTAssertEqual(try requestID(reply), "503")
        }
    }
}

private func requestID(_ reply: Reply, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    try XCTUnwrap(reply.headers[.requestID], "no X-Request-Id on a \(reply.status.code)", file: file, line: line)
}
