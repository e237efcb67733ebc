import Hummingbird
import Mongo

/// `GET /health`: whether the database answers, for load balancers and humans.
struct HealthController {
    let mongo: MongoClient

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health") { _, _ in try await check() }
    }

    private func check() async throws -> EditedResponse<HealthStatus> {
        do {
            try await mongo.ping()
            return EditedResponse(status: .ok, response: HealthStatus(status: "ok", error: nil))
        } catch let error as MongoError {
            let detail = HealthStatus.Detail(code: "database_unavailable", message: "MongoDB does not answer: \(error).")
            return EditedResponse(status: .serviceUnavailable, response: HealthStatus(status: "unavailable", error: detail))
        }
    }
}

/// The body of `/health`. Unhealthy, it also carries the contract's error object, since a
/// 503 is an error response.
struct HealthStatus: ResponseCodable, Equatable {
    struct Detail: Codable, Equatable {
        var code: String
        var message: String
    }

    var status: String
    var error: Detail?
}
