import ServiceLifecycle

extension Service {
    /// Runs `work` once at start-up, then waits for shutdown: a service that returned would
    /// end the application. Shutdown cancels `work` if it is still under way, so waiting for a
    /// database that never answers cannot keep the application from stopping.
    func runStartUpWork(_ work: @escaping @Sendable () async throws -> Void) async throws {
        do {
            try await cancelWhenGracefulShutdown(work)
        } catch is CancellationError {
            return
        }
        try await gracefulShutdown()
    }
}
