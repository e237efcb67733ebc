/// The server's name for one state of a resource, as its `ETag` header gives it. Opaque:
/// only ever sent back in `If-Match` or `If-None-Match`.
public struct ETag: RawRepresentable, Hashable, Sendable {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }
}
