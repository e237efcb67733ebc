import Hummingbird
import Logging
import Mongo
import NIOCore
import Prometheus
import TripPlannerModels

/// Builds the application with its database client; running it is the caller's business.
///
/// The application logs to `logger` and records its metrics through `metrics`, whose registry
/// `GET /metrics` serves. Both are passed in rather than taken from swift-log's and
/// swift-metrics' process-wide systems, so that each application, a test's included, has
/// its own. `onServerRunning` runs once the server listens and the database client has made
/// its sessions (or failed to: the database may not be there yet), so that a hook dropping
/// start-up pages comes after that work.
public func buildApplication(
    _ arguments: some AppArguments, logger: Logger, metrics: PrometheusMetricsFactory,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let mongo = try MongoClient(MongoConfiguration(uri: arguments.mongoURI), metrics: metrics)
    let database = mongo.database(arguments.database)
    let users = UserStore(database: database)
    let trips = OwnedCollection<Trip>(database: database)
    let sessions = SessionStore(
        database: database, lifetime: SessionLifetime(idle: arguments.sessionIdleLifetime, maximum: arguments.sessionMaxLifetime))
    let throttle = LoginThrottle(database: database)
    let passwords = try await PasswordHasher(cost: arguments.bcryptCost)
    let credentials = CredentialCache(metrics: metrics)
    let indexHealth = IndexHealth()
    let authenticator = Authenticator(
        users: users, passwords: passwords, sessions: sessions, throttle: throttle, cache: credentials, metrics: metrics)

    let resources: [any Resource] = [
        UserResource(users: users, passwords: passwords, credentials: credentials, sessions: sessions, ownedStores: [trips, sessions]),
        SessionResource(sessions: sessions, credentials: credentials),
        TripResource(trips: trips),
        PlaceResource(trips: trips),
        OpenAPIResource(),
        MetricsResource(registry: metrics.registry),
    ]
    let router = buildRouter(
        resources: resources + [ServiceResource(mongo: mongo, indexes: indexHealth, documented: resources.flatMap(\.routes))],
        telemetry: RequestTelemetryMiddleware(metrics: HTTPMetrics(factory: metrics)),
        authenticator: authenticator,
        webApp: WebApp(librariesDirectory: arguments.webLibraries))

    let limits = arguments.connectionLimits
    var application = Application(
        router: router,
        server: GuardedHTTP1Channel.server(limits: limits),
        configuration: .init(
            address: .hostname(arguments.host, port: arguments.port), serverName: "trip-planner",
            availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
        onServerRunning: { channel in
            // Not awaited: Hummingbird accepts connections only once the hook returns.
            Task {
                try? await mongo.prepareSessions()
                await onServerRunning(channel)
            }
        },
        logger: logger
    )
    application.addServices(
        mongo, IndexSetup(stores: [users, trips, sessions, throttle], health: indexHealth, logger: logger),
        RouteLengthBackfill(trips: trips.documents, logger: logger))
    return application
}

func buildRouter(
    resources: [any Resource], telemetry: RequestTelemetryMiddleware<AppRequestContext>, authenticator: Authenticator,
    webApp: WebApp
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Outermost, so that it sees the final status of every request, errors and 405s included.
    router.add(middleware: telemetry)
    // Outside the errors' rendering, so that every answer under /app/ carries them, 404s and 405s too.
    router.add(middleware: WebSecurityHeaders())
    router.add(middleware: ErrorMiddleware())
    let open = router.group()
    // One group per set of credential kinds that routes accept, all through one authenticator.
    var protected: [Set<Credential.Kind>: RouterGroup<AppRequestContext>] = [:]
    let routes = resources.flatMap(\.routes)
    for route in routes {
        guard route.authenticated else {
            open.on(RouterPath(route.path), method: route.method, use: route.handler)
            continue
        }
        let group = protected[route.accepts] ?? router.group().add(middleware: AuthMiddleware(authenticator: authenticator, accepted: route.accepts))
        protected[route.accepts] = group
        group.on(RouterPath(route.path), method: route.method, use: route.handler)
    }
    webApp.addRoutes(to: router)
    // Last, so that it wraps only the responder for requests no route matched.
    router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
    return router
}
