import HTTPTypes

extension HTTPField.Name {
    /// A request's id: sent by a client to name its request, echoed on every response.
    static let requestID = Self("X-Request-Id")!
}
