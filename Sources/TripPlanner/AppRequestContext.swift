import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import HummingbirdAuth
import TripPlannerModels

/// The request context of every route: the contract's JSON conventions, and the user that
/// `AuthMiddleware` authenticated on protected routes.
struct AppRequestContext: AuthRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: User?
    /// The session whose bearer token authenticated the request; `nil` for Basic.
    var session: ObjectId?

    init(source: Source) {
        coreContext = .init(source: source)
    }

    var requestDecoder: JSONDecoder { JSONCoding.decoder }
    var responseEncoder: JSONEncoder { JSONCoding.encoder }

    /// The `{id}` of the path; 400 `invalid_id` unless it is 24 hex characters, in any case.
    func resourceID() throws -> ObjectId {
        guard let id = parameters.get("id").flatMap(ObjectId.init) else { throw APIError.invalidID }
        return id
    }
}
