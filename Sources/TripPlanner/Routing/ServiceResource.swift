import Hummingbird
import Mongo
import TripPlannerModels

/// `GET /`, what the service offers, and `GET /health`, whether its database answers and
/// holds the indexes the service needs.
struct ServiceResource: Resource {
    let mongo: MongoClient
    let indexes: IndexHealth
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
                method: route.method.rawValue, path: route.path, authentication: Self.authentication(of: route))
        }
        return try .json(ServiceDescription(endpoints: endpoints))
    }

    /// `none`, `basic`, or `basic or bearer`, as the OpenAPI document's security names them.
    private static func authentication(of route: Route) -> String {
        guard route.authenticated else { return "none" }
        return route.accepts.contains(.bearer) ? "basic or bearer" : "basic"
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await mongo.ping()
            if let problem = indexes.problem {
                let unavailable = HealthStatus(status: "unavailable", error: APIError.indexesNotInPlace(problem).body)
                return try .json(unavailable, status: .serviceUnavailable)
            }
            return try .json(HealthStatus(status: "ok", error: nil))
        } catch MongoError.unavailable {
            let unavailable = HealthStatus(status: "unavailable", error: APIError.databaseUnavailable.body)
            return try .json(unavailable, status: .serviceUnavailable)
        }
    }
}

/// The body of `GET /`.
struct ServiceDescription: Codable, JSONWritable {
    struct Endpoint: Codable, JSONWritable {
        var method: String
        var path: String
        var authentication: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case method, path, authentication
        }

        private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

        func write(to json: inout JSONWriter) throws {
            json.writeObject(Self.jsonKeys) { key, json in
                switch key {
                case .method: json.write(method)
                case .path: json.write(path)
                case .authentication: json.write(authentication)
                }
            }
        }
    }

    var service = "trip-planner"
    var description = "Trips with waypoints for each user. The API: docs/API.md in the source, /openapi.yaml here."
    var contract = "v1.1"
    var endpoints: [Endpoint]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case service, description, contract, endpoints
    }

    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .service: json.write(service)
            case .description: json.write(description)
            case .contract: json.write(contract)
            case .endpoints: try json.write(endpoints)
            }
        }
    }
}

/// The body of `GET /health`. Unhealthy, it also carries the contract's error object, since a
/// 503 is an error response.
struct HealthStatus: Codable, Equatable, JSONWritable {
    var status: String
    var error: ErrorDetail?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, error
    }

    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .status: json.write(status)
            // Left out when healthy, as the synthesized encoder leaves out `nil`.
            case .error: if let error { try json.write(error) }
            }
        }
    }
}
