import ServiceLifecycle

/// As a service the client lives as long as the application: added after the HTTP server's
/// dependants, it is shut down after them, so in-flight requests still have their connections.
extension MongoClient: Service {
    public func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }
}
