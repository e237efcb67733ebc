import Hummingbird

/// One endpoint of the API: a method at a path, whether it takes credentials, and its
/// handler. Routes are data so that registration, 405 answers and the index at `/` all come
/// from the same list.
struct Route: Sendable {
    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    let method: HTTPRequest.Method
    /// A Hummingbird path, `{name}` marking a parameter: `/trips/{id}`.
    let path: String
    let authenticated: Bool
    /// The kinds of credential an authenticated route takes.
    let accepts: Set<Credential.Kind>
    let handler: Handler

    init(
        _ method: HTTPRequest.Method, _ path: String, authenticated: Bool, accepts: Set<Credential.Kind> = [.basic, .bearer],
        _ handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.authenticated = authenticated
        self.accepts = accepts
        self.handler = handler
    }
}

/// A REST resource in the manner of flask_restful: its HTTP verbs, each a method.
protocol Resource: Sendable {
    var routes: [Route] { get }
}
