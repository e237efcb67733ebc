import Foundation
import Logging
import TripPlanner

/// Arguments for an application under test: an ephemeral port and a database of its own.
struct TestArguments: AppArguments {
    var host = "127.0.0.1"
    var port = 0
    var mongoURI = ProcessInfo.processInfo.environment["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/"
    var database = "trip_planner_tests_\(UUID().uuidString.prefix(8))"
    var logLevel = Logger.Level.warning
}
