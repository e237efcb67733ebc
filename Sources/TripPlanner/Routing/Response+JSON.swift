import Hummingbird
import TripPlannerModels

extension Response {
    /// A JSON response with the app's coding conventions.
    static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:],
        for request: Request, context: some RequestContext
    ) throws -> Response {
        var response = try JSONCoding.encoder.encode(value, from: request, context: context)
        response.status = status
        response.headers.append(contentsOf: headers)
        return response
    }

    /// A single owned document with its `ETag`.
    static func document(
        _ document: some OwnedDocument, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:],
        for request: Request, context: AppRequestContext
    ) throws -> Response {
        var headers = headers
        headers[.eTag] = document.etag.header
        return try json(document, status: status, headers: headers, for: request, context: context)
    }
}
