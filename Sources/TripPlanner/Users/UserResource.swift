import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird

/// `/users`: sign up, and the authenticated user's own account.
struct UserResource: Resource {
    let users: UserStore
    let passwords: PasswordHasher
    let credentials: CredentialCache
    let sessions: SessionStore
    /// Everything a user owns, deleted with the account (sessions included).
    let ownedStores: [any OwnedStore]

    var routes: [Route] {
        [
            Route(.post, "/users", authenticated: false, post),
            Route(.get, "/users", authenticated: true, get),
            Route(.patch, "/users", authenticated: true, patch),
            Route(.delete, "/users", authenticated: true, delete),
        ]
    }

    @Sendable func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let input = try UserInput(await request.jsonObject(), signingUp: true)
        let account = UserAccount(
            id: ObjectId(), username: input.username!, passwordHash: try await passwords.hash(input.password),
            createdAt: Date(millisecondsSince1970: Date.now.millisecondsSince1970))
        try await users.insert(account)
        return try .json(account.user, status: .created, headers: [.location: "/users"])
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try .json(try context.requireIdentity())
    }

    /// Changes the password; the old one, and every session but the one that made the
    /// change (none when Basic made it), stop working with this response, on this instance
    /// at once and on the others within `CredentialCache`'s second.
    @Sendable func patch(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let user = try context.requireIdentity()
        let input = try UserInput(await request.jsonObject(), signingUp: false)
        let account = try await users.setPasswordHash(try await passwords.hash(input.password), of: user.id)
        try await sessions.deleteAll(owner: user.id, except: context.session)
        credentials.forget(user.id)
        return try .json(account.user)
    }

    /// Deletes what the user owns first, so that a failure part-way leaves an account the
    /// client can still delete again, never things nobody can reach.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        for store in ownedStores {
            try await store.deleteAll(owner: user.id)
        }
        try await users.delete(user.id)
        credentials.forget(user.id)
        return Response(status: .noContent)
    }
}
