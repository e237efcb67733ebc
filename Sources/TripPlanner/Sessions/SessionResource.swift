import Hummingbird
import TripPlannerModels

/// `/sessions`: trading Basic credentials for a bearer token, and the user's signed-in devices.
struct SessionResource: Resource {
    let sessions: SessionStore
    let credentials: CredentialCache

    var routes: [Route] {
        [
            // Basic only, so that a token can never mint another.
            Route(.post, "/sessions", authenticated: true, accepts: [.basic], post),
            Route(.get, "/sessions", authenticated: true, list),
            Route(.delete, "/sessions", authenticated: true, deleteAll),
            Route(.delete, "/sessions/current", authenticated: true, deleteCurrent),
            Route(.delete, "/sessions/{id}", authenticated: true, delete),
        ]
    }

    /// 201 with the token, the only time it is ever shown.
    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let user = try context.requireIdentity()
        let input = try await request.optionalJSONObject().map(SessionInput.init) ?? SessionInput()
        let (token, session) = try await sessions.create(owner: user.id, device: input.device)
        return try .json(
            NewSession(token: token.text, session: session.rendered(current: nil)), status: .created,
            headers: [.location: "/sessions/\(session.id)"])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let found = try await sessions.list(owner: user.id)
        return try .json(SessionList(sessions: found.map { $0.rendered(current: context.session) }))
    }

    /// Ends the session of the token that made the request; with Basic there is none (404).
    @Sendable func deleteCurrent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard let current = context.session else { throw APIError.notFound }
        try await sessions.delete(current, owner: user.id)
        return ended(user)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        try await sessions.delete(try context.resourceID(), owner: user.id)
        return ended(user)
    }

    @Sendable func deleteAll(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        try await sessions.deleteAll(owner: user.id)
        return ended(user)
    }

    /// This instance forgets the user's credentials at once; the others confirm theirs
    /// within a second and find the sessions gone.
    private func ended(_ user: User) -> Response {
        credentials.forget(user.id)
        return Response(status: .noContent)
    }
}
