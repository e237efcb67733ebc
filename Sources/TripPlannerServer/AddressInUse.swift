import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The address the server was told to listen on is taken, said so that a person can act on it;
/// NIO's own error names neither the address nor the port.
struct AddressInUse: Error, CustomStringConvertible {
    let host: String
    let port: Int

    /// `error` as this, when it is the failure to bind a taken address.
    static func from(_ error: any Error, host: String, port: Int) -> (any Error) {
        guard let error = error as? IOError, error.errnoCode == EADDRINUSE else { return error }
        return AddressInUse(host: host, port: port)
    }

    var description: String {
        "\(host):\(port) is already in use, probably by another trip-planner or make run. Stop that process, "
            + "or choose another port with --port or PORT (for example PORT=\(port == 8080 ? 8081 : 8080) make run)."
    }
}
