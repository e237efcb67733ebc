/// What the application needs from its command line and environment.
public protocol AppArguments {
    var host: String { get }
    var port: Int { get }
    var mongoURI: String { get }
    var database: String { get }
    /// bcrypt's cost for new password hashes (log2 of its rounds).
    var bcryptCost: Int { get }
    /// Timeouts, the connection cap and the memory for unfinished uploads.
    var connectionLimits: ConnectionLimits { get }
}
