import CMongoc

/// What went wrong talking to MongoDB, sorted by what a caller does about it.
public enum MongoError: Error, Sendable, Equatable {
    /// No server could be reached in time, the connection broke, or the server is shutting
    /// down or stepping down. Retrying later may succeed.
    case unavailable(String)
    /// A unique index refused the write (server code 11000).
    case duplicateKey(String)
    /// The server or driver refused the operation.
    case command(code: Int, message: String)
    /// A document could not be converted to or from BSON.
    case invalidDocument(String)
    /// The connection string could not be parsed.
    case invalidURI(String)
}

extension MongoError {
    init(_ error: bson_error_t) {
        let message = Self.message(of: error)
        let code = Int(error.code)
        let domain = mongoc_error_domain_t(error.domain)
        if domain == MONGOC_ERROR_SERVER_SELECTION || domain == MONGOC_ERROR_STREAM {
            self = .unavailable(message)
        } else if code == Self.duplicateKeyCode {
            self = .duplicateKey(message)
        } else if domain == MONGOC_ERROR_SERVER && Self.unavailableServerCodes.contains(code) {
            self = .unavailable(message)
        } else {
            self = .command(code: code, message: message)
        }
    }

    static func message(of error: bson_error_t) -> String {
        withUnsafeBytes(of: error.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    private static let duplicateKeyCode = 11000

    /// Server codes meaning "this server cannot take the operation right now": a restart,
    /// shutdown or replica-set election, which clients should see as an outage, not a failure.
    private static let unavailableServerCodes: Set<Int> = [
        6,  // HostUnreachable
        7,  // HostNotFound
        89,  // NetworkTimeout
        91,  // ShutdownInProgress
        189,  // PrimarySteppedDown
        9001,  // SocketException
        10107,  // NotWritablePrimary
        11600,  // InterruptedAtShutdown
        11602,  // InterruptedDueToReplStateChange
        13435,  // NotPrimaryNoSecondaryOk
        13436,  // NotPrimaryOrSecondary
    ]
}
