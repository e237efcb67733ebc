import Hummingbird
import Logging
import Mongo
import TripPlannerModels

/// Builds the application with its database client; running it is the caller's business.
public func buildApplication(_ arguments: some AppArguments) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "trip-planner")
    logger.logLevel = arguments.logLevel
    let mongo = try MongoClient(MongoConfiguration(uri: arguments.mongoURI))
    let database = mongo.database(arguments.database)
    let users = UserStore(database: database)
    let trips = OwnedCollection<Trip>(database: database)
    let passwords = try await PasswordHasher(cost: arguments.bcryptCost)
    let credentials = CredentialCache()

    let resources: [any Resource] = [
        UserResource(users: users, passwords: passwords, credentials: credentials, ownedStores: [trips]),
        TripResource(trips: trips),
        try OpenAPIResource(),
    ]
    let router = buildRouter(
        resources: resources + [ServiceResource(mongo: mongo, documented: resources.flatMap(\.routes))],
        authenticator: BasicAuthMiddleware(users: users, passwords: passwords, cache: credentials, throttle: LoginThrottle()))

    var application = Application(
        router: router,
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "trip-planner"),
        logger: logger
    )
    application.addServices(mongo, IndexSetup(users: users, ownedStores: [trips], logger: logger))
    return application
}

func buildRouter(resources: [any Resource], authenticator: BasicAuthMiddleware) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
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
