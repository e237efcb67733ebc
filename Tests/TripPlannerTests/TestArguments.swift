import Foundation
import Logging
import TripPlanner

/// Arguments for an application under test: an ephemeral port, the suite's database and the
/// cheapest bcrypt cost. Tests stay independent through unique usernames, not databases.
struct TestArguments: AppArguments {
    var host = "127.0.0.1"
    var port = 0
    var mongoURI = ProcessInfo.processInfo.environment["MONGODB_URI"] ?? "mongodb://127.0.0.1:27017/"
    var database = "trip_planner_tests"
    /// The application logger's level; the server takes it from `--log-level`.
    var logLevel = Logger.Level.warning
    var bcryptCost = 4
    var webLibraries = ProcessInfo.processInfo.environment["WEB_LIBRARIES"] ?? "/usr/share/javascript"
    var sessionIdleLifetime = Duration.seconds(30 * 24 * 3600)
    var sessionMaxLifetime = Duration.seconds(365 * 24 * 3600)
    var connectionLimits = ConnectionLimits()
}
