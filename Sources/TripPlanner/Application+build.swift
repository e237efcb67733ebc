import Hummingbird
import Logging
import Mongo
import Prometheus
import TripPlannerModels

/// Builds the application with its database client; running it is the caller's business.
///
/// The application logs to `logger` and records its metrics through `metrics`, whose registry
/// `GET /metrics` serves. Both are passed in rather than taken from swift-log's and
/// swift-metrics' process-wide systems, so that each application, a test's included, has
/// its own.
public func buildApplication(
    _ arguments: some AppArguments, logger: Logger, metrics: PrometheusMetricsFactory
) async throws -> some ApplicationProtocol {
    let mongo = try MongoClient(MongoConfiguration(uri: arguments.mongoURI), metrics: metrics)
    let database = mongo.database(arguments.database)
    let users = UserStore(database: database)
    let trips = OwnedCollection<Trip>(database: database)
    let passwords = try await PasswordHasher(cost: arguments.bcryptCost)
    let credentials = CredentialCache(metrics: metrics)

    let resources: [any Resource] = [
        UserResource(users: users, passwords: passwords, credentials: credentials, ownedStores: [trips]),
        TripResource(trips: trips),
        try OpenAPIResource(),
        MetricsResource(registry: metrics.registry),
    ]
    let router = buildRouter(
        resources: resources + [ServiceResource(mongo: mongo, documented: resources.flatMap(\.routes))],
        telemetry: RequestTelemetryMiddleware(metrics: HTTPMetrics(factory: metrics)),
        authenticator: BasicAuthMiddleware(users: users, passwords: passwords, cache: credentials, throttle: LoginThrottle()))

    let limits = arguments.connectionLimits
    var application = Application(
        router: router,
        server: GuardedHTTP1Channel.server(limits: limits),
        configuration: .init(
            address: .hostname(arguments.host, port: arguments.port), serverName: "trip-planner",
            availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
        logger: logger
    )
    application.addServices(mongo, IndexSetup(users: users, ownedStores: [trips], logger: logger))
    return application
}

func buildRouter(
    resources: [any Resource], telemetry: RequestTelemetryMiddleware<AppRequestContext>, authenticator: BasicAuthMiddleware
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Outermost, so that it sees the final status of every request, errors and 405s included.
    router.add(middleware: telemetry)
    router.add(middleware: ErrorMiddleware())
    let open = router.group()
    let protected = router.group().add(middleware: authenticator)
    let routes = resources.flatMap(\.routes)
    for route in routes {
        (route.authenticated ? protected : open).on(RouterPath(route.path), method: route.method, use: route.handler)
    }
    // Last, so that it wraps only the responder for requests no route matched.
    router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
    return router
}
