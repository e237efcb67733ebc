import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The client sends its credentials with every request itself, so it never answers an
/// authentication challenge. On Linux that must be said out loud: swift-corelibs-foundation
/// up to Swift 6.3.1 leaves a task suspended for ever when a 401 carries `WWW-Authenticate`
/// and no stored credential applies (swiftlang/swift-corelibs-foundation#5456), which is every
/// wrong password here. Declining ends the task with `URLError.cancelled` instead, which
/// `TripPlannerClient` reports as the contract's 401. Elsewhere the default handling already
/// passes the 401 through with its body.
final class ChallengeDecliner: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        #if canImport(FoundationNetworking)
        completionHandler(.cancelAuthenticationChallenge, nil)
        #else
        completionHandler(.performDefaultHandling, nil)
        #endif
    }
}
