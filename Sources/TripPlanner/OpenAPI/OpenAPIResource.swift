import Hummingbird

/// `GET /openapi.yaml`: the contract as OpenAPI 3, the same file `make fuzz` tests against.
struct OpenAPIResource: Resource {
    /// The document, embedded in the binary (`.embedInCode` in Package.swift).
    let document = ByteBuffer(bytes: PackageResources.openapi_yaml)

    var routes: [Route] {
        [Route(.get, "/openapi.yaml", authenticated: false, get)]
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        // RFC 9512's media type for YAML.
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: ResponseBody(byteBuffer: document))
    }
}
