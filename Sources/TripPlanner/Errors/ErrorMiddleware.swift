import Hummingbird
import Mongo
import NIOHTTP1
import TripPlannerModels

/// Turns every error into the contract's error body, so no handler has to, and nothing
/// reaches a client in another shape: Hummingbird's own errors (unknown route, body too
/// large) and database errors included.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw Self.apiError(for: error)
        } catch let error as HTTPParserError {
            // A body that breaks HTTP framing; `HTTPConnectionGuard` closes the connection after the answer.
            context.logger.warning("malformed request body", metadata: ["error": "\(error)"])
            throw APIError.unparsable(error)
        } catch HTTPConnectionError.uploadAborted {
            // Nobody is left to read the answer; the client went away, the server is fine.
            context.logger.warning("upload aborted by the client")
            throw APIError.badRequest("The request body broke off before its end.")
        } catch HTTPConnectionError.bodyTimedOut(let limit) {
            context.logger.warning("request body timed out")
            throw APIError.requestTimeout("The request body did not arrive within \(limit).")
        } catch MongoError.unavailable(let reason) {
            context.logger.warning("database unavailable", metadata: ["reason": "\(reason)"])
            throw APIError.databaseUnavailable
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError.internalError
        }
    }

    private static func apiError(for error: HTTPError) -> APIError {
        switch error.status {
        case .notFound: .notFound
        case .contentTooLarge: .payloadTooLarge
        case .unauthorized: .unauthorized
        default:
            APIError(error.status, code: ErrorCode(rawValue: error.status.reasonPhrase.lowercased().replacing(" ", with: "_")),
                     message: error.body ?? error.status.reasonPhrase)
        }
    }
}
