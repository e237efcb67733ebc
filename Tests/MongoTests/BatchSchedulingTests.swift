import Glibc
import NIOPosix
import XCTest

@testable import Mongo

/// The threads that wait on the database run under `SCHED_BATCH`; the thread that made them
/// keeps its own policy.
final class BatchSchedulingTests: XCTestCase {
    func testThreadsMadeInsideInheritTheBatchPolicyAndTheirMakerKeepsItsOwn() async throws {
        let before = sched_getscheduler(0)
        let threads = NIOThreadPool(numberOfThreads: 1)
        BatchScheduling.inherited(by: threads.start)
        XCTAssertEqual(sched_getscheduler(0), before)
        let policy = try await threads.runIfActive { sched_getscheduler(0) }
        XCTAssertEqual(policy, BatchScheduling.batchPolicy)
        try await threads.shutdownGracefully()
    }

    func testDriverCallsRunUnderTheBatchPolicy() async throws {
        try await withTestDatabase { client, _ in
            let policy = try await client.withConnection(.ping) { _ in sched_getscheduler(0) }
            XCTAssertEqual(policy, BatchScheduling.batchPolicy)
        }
    }
}
