import BSON
import Foundation
import Mongo
import XCTest

@testable import TripPlanner

/// The store on a database whose indexes nobody has built yet, as on a server's first start
/// before `IndexSetup` has run.
final class UserStoreTests: XCTestCase {
    func testConcurrentSignUpsBeforeIndexSetupStillGiveOneAccount() async throws {
        let client = try MongoClient(MongoConfiguration(uri: TestArguments().mongoURI))
        let database = client.database(freshDatabase("userstore"))
        let users = UserStore(database: database)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let account = UserAccount(id: ObjectId(), username: "first", passwordHash: "x", createdAt: .now)
                    return (try? await users.insert(account)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        try await client.close()
        XCTAssertEqual(results.filter { $0 }.count, 1, "exactly one sign-up of the name succeeds")
    }
}
