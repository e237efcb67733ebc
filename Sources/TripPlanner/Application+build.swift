import Hummingbird
import Logging
import Mongo

/// Builds the application with its database client; running it is the caller's business.
public func buildApplication(_ arguments: some AppArguments) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "trip-planner")
    logger.logLevel = arguments.logLevel
    let mongo = try MongoClient(MongoConfiguration(uri: arguments.mongoURI))
    var application = Application(
        router: buildRouter(mongo: mongo),
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "trip-planner"),
        logger: logger
    )
    application.addServices(mongo)
    return application
}

func buildRouter(mongo: MongoClient) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    HealthController(mongo: mongo).addRoutes(to: router)
    return router
}
