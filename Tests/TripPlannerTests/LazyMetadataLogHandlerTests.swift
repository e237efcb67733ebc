import Logging
import Synchronization
import TripPlanner
import XCTest

/// The server's log handler writes each message with the metadata its logger has at that
/// moment, however it was set, exactly as the stream handler it wraps would.
final class LazyMetadataLogHandlerTests: XCTestCase {
    func testMessagesCarryTheMetadataSetBeforeThem() {
        let output = TextCapture()
        var logger = Logger(label: "test") { LazyMetadataLogHandler(StreamLogHandler(label: $0, stream: output), level: .info) }
        logger[metadataKey: "hb.request.id"] = "first"
        logger.info("one")
        logger[metadataKey: "hb.request.id"] = "second"
        logger.handler.metadata["route"] = "/trips"
        logger.info("two", metadata: ["status": "200"])
        logger.debug("below the level")

        let lines = output.text.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, output.text)
        XCTAssert(lines.first?.hasSuffix("info test: hb.request.id=first [TripPlannerTests] one") == true, output.text)
        XCTAssert(
            lines.last?.hasSuffix("info test: hb.request.id=second route=/trips status=200 [TripPlannerTests] two") == true,
            output.text)
    }

    func testTheLevelCanBeChangedPerLogger() {
        let output = TextCapture()
        var logger = Logger(label: "test") { LazyMetadataLogHandler(StreamLogHandler(label: $0, stream: output), level: .warning) }
        logger.info("dropped")
        logger.logLevel = .info
        logger.info("kept")
        XCTAssertEqual(output.text.split(separator: "\n").count, 1, output.text)
        XCTAssert(output.text.contains("kept"), output.text)
    }
}

private final class TextCapture: TextOutputStream, Sendable {
    private let written = Mutex("")

    var text: String { written.withLock { $0 } }

    func write(_ string: String) {
        written.withLock { $0 += string }
    }
}
