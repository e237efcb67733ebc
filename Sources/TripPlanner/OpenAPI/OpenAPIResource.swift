import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the contract as OpenAPI 3, the same file `make fuzz` tests against.
struct OpenAPIResource: Resource {
    /// The document, read once from the package's resources.
    let document: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "openapi.yaml"])
        }
        document = ByteBuffer(bytes: try Data(contentsOf: url))
    }

    var routes: [Route] {
        [Route(.get, "/openapi.yaml", authenticated: false, get)]
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        // RFC 9512's media type for YAML.
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: ResponseBody(byteBuffer: document))
    }
}
