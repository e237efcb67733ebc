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
}
