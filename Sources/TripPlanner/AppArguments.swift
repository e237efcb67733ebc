/// What the application needs from its command line and environment.
public protocol AppArguments {
    var host: String { get }
    var port: Int { get }
    var mongoURI: String { get }
    var database: String { get }
    /// bcrypt's cost for new password hashes (log2 of its rounds).
    var bcryptCost: Int { get }
    /// Where Debian's libjs-leaflet and libjs-chart.js installed `leaflet/` and `chart.js/`,
    /// which the web companion at `/app/` loads.
    var webLibraries: String { get }
    /// How long a session lasts after its last use, and at most after its creation.
    var sessionIdleLifetime: Duration { get }
    var sessionMaxLifetime: Duration { get }
    /// Timeouts, the connection cap and the memory for unfinished uploads.
    var connectionLimits: ConnectionLimits { get }
}

extension AppArguments {
    /// The contract's 30 days; shorter only where a test needs to see sessions expire.
    public var sessionIdleLifetime: Duration { .seconds(30 * 24 * 3600) }
    /// The contract's 365 days.
    public var sessionMaxLifetime: Duration { .seconds(365 * 24 * 3600) }
}
