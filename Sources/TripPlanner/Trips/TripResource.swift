import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import TripPlannerModels

/// `/trips` and `/trips/{id}`: each user's own trips.
struct TripResource: Resource {
    let trips: OwnedCollection<Trip>

    var routes: [Route] {
        [
            Route(.post, "/trips", authenticated: true, post),
            Route(.get, "/trips", authenticated: true, list),
            Route(.get, "/trips/stats", authenticated: true, stats),
            Route(.get, "/trips/{id}", authenticated: true, get),
            Route(.put, "/trips/{id}", authenticated: true, put),
            Route(.patch, "/trips/{id}", authenticated: true, patch),
            Route(.delete, "/trips/{id}", authenticated: true, delete),
        ]
    }

    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let owner = try context.requireIdentity().id
        let input = try TripInput(await request.jsonObject(), requireName: true)
        // Truncated to the millisecond as stored, so this response and later reads agree.
        let now = Date(millisecondsSince1970: Date.now.millisecondsSince1970)
        let trip = Trip(
            id: ObjectId(), owner: owner, name: input.name!, completed: input.completed ?? false,
            waypoints: input.waypoints ?? [], createdAt: now, updatedAt: now)
        try await trips.insert(trip)
        return try .document(trip, status: .created, headers: [.location: "/trips/\(trip.id)"])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let owner = try context.requireIdentity().id
        let query = try TripListQuery(query: request.uri.query)
        let page = try await trips.page(owner: owner, matching: query.filter, limit: query.limit, after: query.cursor)
        return try .json(TripPage(trips: page.documents, next: page.next?.token))
    }

    /// Totals and the last 12 months, computed by the database over the owner's trips.
    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let owner = try context.requireIdentity().id
        let months = TripStats.monthKeys(endingAt: .now)
        let results = try await trips.aggregate(owner: owner, TripStats.pipeline(since: months.start))
        return try .json(TripStats(aggregated: results.first ?? [:], months: months.keys))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let trip = try await trips.find(try context.resourceID(), owner: try context.requireIdentity().id)
        if let tags = request.headers.combinedValue(.ifNoneMatch), trip.etag.isNamed(by: tags, weakly: true) {
            return Response(status: .notModified, headers: [.eTag: trip.etag.header])
        }
        return try .document(trip)
    }

    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await update(request, context: context, replacingAll: true)
    }

    @Sendable func patch(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await update(request, context: context, replacingAll: false)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.resourceID()
        try await trips.delete(id, owner: try context.requireIdentity().id, ifMatch: request.headers.combinedValue(.ifMatch))
        return Response(status: .noContent)
    }

    /// PUT replaces every writable field (omitted ones take their defaults); PATCH sets only
    /// those present.
    private func update(_ request: Request, context: AppRequestContext, replacingAll: Bool) async throws -> Response {
        var request = request
        let id = try context.resourceID()
        let owner = try context.requireIdentity().id
        let input = try TripInput(await request.jsonObject(), requireName: replacingAll)
        let trip = try await trips.update(
            id, owner: owner, ifMatch: request.headers.combinedValue(.ifMatch), changes: input.changes(replacingAll: replacingAll))
        return try .document(trip)
    }
}
