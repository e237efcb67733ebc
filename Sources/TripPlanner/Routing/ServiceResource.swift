import Hummingbird
import Mongo
import TripPlannerModels

/// `GET /`, what the service offers, and `GET /health`, whether its database answers.
struct ServiceResource: Resource {
    let mongo: MongoClient
    /// The other resources' routes, listed at `/`.
    let documented: [Route]

    var routes: [Route] {
        [
            Route(.get, "/", authenticated: false, index),
            Route(.get, "/health", authenticated: false, health),
        ]
    }

    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        let endpoints = (documented + routes).map { route in
            ServiceDescription.Endpoint(
                method: route.method.rawValue, path: route.path, authentication: route.authenticated ? "basic" : "none")
        }
        return try .json(ServiceDescription(endpoints: endpoints), for: request, context: context)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await mongo.ping()
            return try .json(HealthStatus(status: "ok", error: nil), for: request, context: context)
        } catch MongoError.unavailable {
            let unavailable = HealthStatus(status: "unavailable", error: APIError.databaseUnavailable.body)
            return try .json(unavailable, status: .serviceUnavailable, for: request, context: context)
        }
    }
}

/// The body of `GET /`.
struct ServiceDescription: Codable {
    struct Endpoint: Codable {
        var method: String
        var path: String
        var authentication: String
    }

    var service = "trip-planner"
    var description = "Trips with waypoints for each user; see the HTTP contract, version 1."
    var contract = "v1"
    var endpoints: [Endpoint]
}

/// The body of `GET /health`. Unhealthy, it also carries the contract's error object, since a
/// 503 is an error response.
struct HealthStatus: Codable, Equatable {
    var status: String
    var error: ErrorDetail?
}
