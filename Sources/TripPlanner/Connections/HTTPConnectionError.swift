/// Why a request body the application is reading will not end, raised by `HTTPConnectionGuard`
/// in place of the early end of input that would make it look complete.
enum HTTPConnectionError: Error {
    /// The client closed or reset the connection in the middle of the body.
    case uploadAborted
    /// The body did not arrive within `ConnectionLimits.bodyTimeout`.
    case bodyTimedOut(Duration)
}
