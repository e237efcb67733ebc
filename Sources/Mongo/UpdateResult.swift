/// What an update or replacement did.
public struct UpdateResult: Sendable, Hashable {
    /// Documents the filter matched.
    public var matchedCount: Int
    /// Documents that actually changed; a write of identical values matches but does not modify.
    public var modifiedCount: Int
}
