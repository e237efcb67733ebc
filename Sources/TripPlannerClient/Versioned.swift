/// A resource as the server rendered it, with the ETag of that state, for conditional
/// updates that never overwrite a change the app has not seen.
public struct Versioned<Value: Sendable>: Sendable {
    public var value: Value
    public var etag: ETag
}

extension Versioned: Equatable where Value: Equatable {}
