import Foundation
import NIOCore
import NIOPosix
import XCTest

/// `trip-planner` on a port another process holds stops at once, saying which address is
/// taken and how to choose another, instead of NIO's bare errno.
final class PortInUseTests: XCTestCase {
    func testATakenPortIsNamedWithTheWayOut() async throws {
        let taken = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try XCTUnwrap(taken.localAddress?.port)
        let process = Process()
        process.executableURL = try ServerProcess.executable()
        process.environment = ProcessInfo.processInfo.environment.merging([
            "HOST": "127.0.0.1", "PORT": String(port), "MONGODB_URI": TestArguments().mongoURI, "LOG_LEVEL": "error",
        ]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            process.terminate()
            XCTFail("the server kept running on a taken port")
        }
        try await taken.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertNotEqual(process.terminationStatus, 0)
        XCTAssertTrue(text.contains("127.0.0.1:\(port) is already in use"), text)
        XCTAssertTrue(text.contains("--port or PORT"), text)
        XCTAssertFalse(text.contains("errno"), text)
    }
}
