import Hummingbird
import TripPlannerModels

/// `/places`: the distinct waypoint names of the caller's trips, computed by the database.
struct PlaceResource: Resource {
    let trips: OwnedCollection<Trip>

    var routes: [Route] {
        [Route(.get, "/places", authenticated: true, list)]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let owner = try context.requireIdentity().id
        let query = try PlaceListQuery(query: request.uri.query)
        let places = try await trips.aggregate(owner: owner, Place.pipeline(limit: query.limit)).map(Place.init(aggregated:))
        return try .json(PlaceList(places: places))
    }
}
