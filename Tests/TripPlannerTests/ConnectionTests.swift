import Foundation
import XCTest

/// Below the contract: what a server process does with connections that attackers and badly
/// written clients open, over raw sockets. Timeouts are set short here; the only timing
/// asserted is that something happens within a generous bound.
final class ConnectionTests: XCTestCase {
    private func server(_ environment: [String: String] = [:]) async throws -> ServerProcess {
        try await startServer(database: freshDatabase("connections"), environment: environment)
    }

    // MARK: Descriptors

    func testJunkThenCloseReleasesEveryDescriptor() async throws {
        let server = try await server()
        let before = server.openDescriptors
        let junk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 {
            let connection = try RawConnection(port: server.port)
            connection.send(junk)
            let response = try XCTUnwrap(connection.readResponse())
            XCTAssertEqual(response.status, 400)
            XCTAssertEqual(response.errorCode, "bad_request")
        }
        // The database pool may open a connection or two meanwhile; a leak is a hundred.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.openDescriptors > before + 4, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertLessThanOrEqual(server.openDescriptors, before + 4, "descriptors before the flood: \(before)")
    }

    func testClientsThatNeverCloseAreClosedAfterTheLinger() async throws {
        let server = try await server()
        let before = server.openDescriptors
        // They read the answer and its end-of-file, and keep their end open.
        let clients = try (0..<20).map { _ in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(connection.readResponse()?.status, 200)
            XCTAssertTrue(connection.isClosed(within: .seconds(10)))
            return connection
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while server.openDescriptors > before + 4, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertLessThanOrEqual(server.openDescriptors, before + 4, "descriptors before: \(before), clients: \(clients.count)")
    }

    // MARK: Timeouts

    func testIdleConnectionIsClosed() async throws {
        let server = try await server(["IDLE_TIMEOUT": "1"])
        let silent = try RawConnection(port: server.port)
        XCTAssertTrue(silent.isClosed(within: .seconds(15)))

        // And after a request, once the response is written.
        let used = try RawConnection(port: server.port)
        used.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertEqual(used.readResponse()?.status, 200)
        XCTAssertTrue(used.isClosed(within: .seconds(15)))
    }

    func testSlowHeaderIsRefusedWith408() async throws {
        let server = try await server(["HEADER_TIMEOUT": "1", "IDLE_TIMEOUT": "60"])
        let connection = try RawConnection(port: server.port)
        // One byte every 200 ms never finishes the header within the second it has.
        let start = ContinuousClock.now
        var response: RawResponse?
        for byte in "GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: ".utf8 where ContinuousClock.now - start < .seconds(20) {
            guard connection.send([byte]) == 1 else { break }
            response = connection.readResponse(timeout: .milliseconds(200))
            if response != nil { break }
        }
        if response == nil {
            response = connection.readResponse()
        }
        XCTAssertEqual(response?.status, 408)
        XCTAssertEqual(response?.errorCode, "request_timeout")
        XCTAssertTrue(connection.isClosed(within: .seconds(10)))
    }

    func testSlowBodyIsRefusedWith408() async throws {
        let server = try await server(["BODY_TIMEOUT": "1"])
        let connection = try RawConnection(port: server.port)
        connection.send("POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user")
        let response = try XCTUnwrap(connection.readResponse(timeout: .seconds(15)))
        XCTAssertEqual(response.status, 408)
        XCTAssertEqual(response.errorCode, "request_timeout")
        XCTAssertTrue(connection.isClosed(within: .seconds(10)))
        XCTAssertTrue(server.output.contains("request body timed out"), server.output)
    }

    func testAbortedUploadIsAWarningNotAnError() async throws {
        let server = try await server()
        let connection = try RawConnection(port: server.port)
        connection.send("POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"user")
        connection.shutdownOutput()
        XCTAssertTrue(connection.isClosed(within: .seconds(10)))
        let deadline = ContinuousClock.now + .seconds(10)
        while !server.output.contains("upload aborted"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTAssertTrue(server.output.contains("warning") && server.output.contains("upload aborted"), server.output)
        XCTAssertFalse(server.output.contains("unexpected error"), server.output)
    }

    // MARK: Connection cap

    func testConnectionsBeyondTheCapWaitForOneToClose() async throws {
        let server = try await server(["MAX_CONNECTIONS": "3"])
        var open = try (0..<3).map { _ in try RawConnection(port: server.port) }
        for connection in open {
            connection.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            XCTAssertEqual(connection.readResponse()?.status, 200)
        }
        let waiting = try RawConnection(port: server.port)
        waiting.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        XCTAssertNil(waiting.readResponse(timeout: .seconds(1)), "a fourth connection was served")
        open.removeLast()
        XCTAssertEqual(waiting.readResponse()?.status, 200)
    }

    // MARK: Memory for uploads

    func testUploadsBeyondTheMemoryBudgetAre503UntilOneEnds() async throws {
        let server = try await server(["UPLOAD_MEMORY": "1"])
        let post = "POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        let unfinished = try RawConnection(port: server.port)
        unfinished.send(post + "Content-Length: \(1 << 20)\r\n\r\n{\"user")
        // Its headers reserve the whole budget; the sleep lets them arrive first.
        try await Task.sleep(for: .milliseconds(200))
        let refused = try refused(post + "Content-Length: 2\r\n\r\n{}", on: server)
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.errorCode, "server_busy")
        XCTAssertEqual(refused.header("retry-after"), "1")

        unfinished.shutdownOutput()
        XCTAssertTrue(unfinished.isClosed(within: .seconds(10)))
        let connection = try RawConnection(port: server.port)
        connection.send(post + "Content-Length: 2\r\n\r\n{}")
        XCTAssertEqual(connection.readResponse()?.status, 400)
    }

    // MARK: Bounded answers

    func testUnknownKeysAnswerIsBounded() async throws {
        let server = try await server()
        var body = "{"
        var index = 0
        while body.utf8.count < (1 << 20) - 10_100 {
            body += "\"k\(index)\":0,"
            index += 1
        }
        body += "\"" + String(repeating: "L", count: 10_000) + "\":0}"
        let connection = try RawConnection(port: server.port)
        connection.send("POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        let response = try XCTUnwrap(connection.readResponse())
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.errorCode, "validation_failed")
        XCTAssertLessThan(response.body.count, 64 << 10)
        let error = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any])
        let fields = try XCTUnwrap(error["fields"] as? [[String: String]])
        XCTAssertEqual(fields.count, 100)
        XCTAssertTrue(fields.allSatisfy { $0["path"]!.count <= 101 })
        XCTAssertTrue((error["message"] as? String)?.contains("more were left out") == true, "\(error)")
    }

    // MARK: HTTP/1.1 as written

    /// Sends `request` on a fresh connection; the response, after which the server must have closed.
    private func refused(_ request: String, on server: ServerProcess, file: StaticString = #filePath, line: UInt = #line) throws -> RawResponse {
        let connection = try RawConnection(port: server.port)
        connection.send(request)
        let response = try XCTUnwrap(connection.readResponse(), "no response to \(request.debugDescription)", file: file, line: line)
        XCTAssertEqual(response.header("content-length"), String(response.body.count), file: file, line: line)
        XCTAssertEqual(response.header("content-type"), "application/json; charset=utf-8", file: file, line: line)
        XCTAssertNotNil(response.errorCode, "not the contract's error body", file: file, line: line)
        XCTAssertEqual(response.header("connection"), "close", file: file, line: line)
        XCTAssertFalse((response.header("x-request-id") ?? "").isEmpty, "no request id", file: file, line: line)
        XCTAssertTrue(connection.isClosed(within: .seconds(10)), "still open after \(request.debugDescription)", file: file, line: line)
        return response
    }

    func testFramingErrorsAreRefusedWithTheirStatus() async throws {
        let server = try await server()
        let post = "POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        let cases: [(String, Int)] = [
            (post + "Transfer-Encoding: chunked\r\n\r\n-1\r\n{}\r\n0\r\n\r\n", 400),
            (post + "Transfer-Encoding: chunked\r\n\r\n0x0c\r\n{\"a\":1}     \r\n0\r\n\r\n", 400),
            (post + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n", 400),
            (post + "Transfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n", 400),
            (post + "Transfer-Encoding: xchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 501),
            (post + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 501),
            // Request smuggling shapes.
            (post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400),
            (post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ", 400),
            (post + "Content-Length: 2\r\nX-Folded: a\r\n b\r\n\r\n{}", 400),
            ("GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 100 << 10) + "\r\n\r\n", 431),
            ("\u{1}\u{2}junk\r\n\r\n", 400),
        ]
        for (request, status) in cases {
            let response = try refused(request, on: server)
            XCTAssertEqual(response.status, status, "\(request.prefix(200).debugDescription): \(String(decoding: response.body, as: UTF8.self))")
        }
        XCTAssertFalse(server.output.contains("unexpected error"), server.output)

        // NIO's encoder frames every response to CONNECT without a body, as a 2xx must be.
        let connect = try RawConnection(port: server.port)
        connect.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
        XCTAssertEqual(connect.readResponse()?.status, 501)
        XCTAssertTrue(connect.isClosed(within: .seconds(10)))
    }

    func testHostRules() async throws {
        let server = try await server()
        for request in [
            "GET /health HTTP/1.1\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: a b\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: a:80x\r\n\r\n",
            "GET /health HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n",
        ] {
            let response = try refused(request, on: server)
            XCTAssertEqual(response.status, 400, request.debugDescription)
            XCTAssertEqual(response.errorCode, "bad_request")
        }
        // Pipelined behind a good request, a bad one is not answered ahead of it: the connection
        // closes after the good one's response.
        let pipelined = try RawConnection(port: server.port)
        pipelined.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /health HTTP/1.1\r\n\r\n")
        let first = pipelined.readResponse()
        XCTAssertEqual(first?.status, 200)
        XCTAssertEqual(first?.header("connection"), "close")
        XCTAssertTrue(pipelined.isClosed(within: .seconds(10)))

        for request in [
            "GET /health HTTP/1.1\r\nHost: example.com\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: \r\n\r\n",
            "GET /health HTTP/1.0\r\n\r\n",
        ] {
            let connection = try RawConnection(port: server.port)
            connection.send(request)
            XCTAssertEqual(connection.readResponse()?.status, 200, request.debugDescription)
        }
    }

    func testConnectionCloseAndHTTP10() async throws {
        let server = try await server()
        for request in [
            "GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: a\r\nConnection: TE\r\nConnection: CLOSE\r\n\r\n",
            "GET /health HTTP/1.0\r\n\r\n",
        ] {
            let connection = try RawConnection(port: server.port)
            connection.send(request)
            let response = connection.readResponse()
            XCTAssertEqual(response?.status, 200, request.debugDescription)
            XCTAssertEqual(response?.header("connection")?.lowercased(), "close", request.debugDescription)
            XCTAssertTrue(connection.isClosed(within: .seconds(10)), request.debugDescription)
        }
        for request in [
            "GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /health HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
        ] {
            let connection = try RawConnection(port: server.port)
            for _ in 0..<2 {
                connection.send(request)
                XCTAssertEqual(connection.readResponse()?.status, 200, request.debugDescription)
            }
        }
    }

    /// Pipelined requests are answered in order, each by its own `Connection` header.
    func testPipelinedRequestsEachKeepTheirOwnConnectionRules() async throws {
        let server = try await server()
        let connection = try RawConnection(port: server.port)
        connection.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let first = connection.readResponse()
        XCTAssertEqual(first?.status, 200)
        XCTAssertNil(first?.header("connection"), "the first request asked for no close")
        let second = connection.readResponse()
        XCTAssertEqual(second?.status, 200, "the second request is answered too")
        XCTAssertEqual(second?.header("connection")?.lowercased(), "close")
        XCTAssertTrue(connection.isClosed(within: .seconds(10)))
    }

    func testExpectContinue() async throws {
        let server = try await server()
        let body = #"{"username": "\#(uniqueUsername())", "password": "correct horse"}"#
        let connection = try RawConnection(port: server.port)
        connection.send(
            "POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(connection.readResponse()?.status, 100)
        connection.send(body)
        XCTAssertEqual(connection.readResponse()?.status, 201)

        let response = try refused("POST /users HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: something-else\r\n\r\n{}", on: server)
        XCTAssertEqual(response.status, 417)
    }

    func testEarly413ClosesInsteadOfReadingOn() async throws {
        let server = try await server()
        let connection = try RawConnection(port: server.port)
        connection.send("POST /users HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n")
        let response = try XCTUnwrap(connection.readResponse())
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.header("connection"), "close")
        // Sending on, the client is cut off after a few MiB at most (kernel buffers included).
        let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)
        var sent = 0
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let count = connection.send(chunk, timeout: .seconds(2))
            sent += count
            if count < chunk.count { break }
        }
        XCTAssertLessThan(sent, 64 << 20)
        XCTAssertTrue(connection.isClosed(within: .seconds(10)))
    }
}
