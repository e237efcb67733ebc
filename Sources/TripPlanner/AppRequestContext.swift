import Foundation
import Hummingbird

/// The request context of every route: it carries the contract's JSON conventions.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: Source) {
        coreContext = .init(source: source)
    }

    var requestDecoder: JSONDecoder { JSONCoding.decoder }
    var responseEncoder: JSONEncoder { JSONCoding.encoder }
}
