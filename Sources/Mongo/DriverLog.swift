import CMongoc
import Logging

/// libmongoc's process-wide log, forwarded to swift-log under the label `mongoc`, so that the
/// driver's messages obey the same logging setup as the application's instead of going
/// straight to stderr at every level.
enum DriverLog {
    static func install() {
        mongoc_log_set_handler({ level, domain, message, _ in
            guard let message else { return }
            Logger(label: "mongoc").log(
                level: DriverLog.level(level),
                "\(String(cString: message))",
                metadata: ["domain": "\(domain.map { String(cString: $0) } ?? "")"]
            )
        }, nil)
    }

    private static func level(_ level: mongoc_log_level_t) -> Logger.Level {
        switch level {
        case MONGOC_LOG_LEVEL_ERROR: .error
        case MONGOC_LOG_LEVEL_CRITICAL: .critical
        case MONGOC_LOG_LEVEL_WARNING: .warning
        case MONGOC_LOG_LEVEL_MESSAGE: .notice
        case MONGOC_LOG_LEVEL_INFO: .info
        case MONGOC_LOG_LEVEL_DEBUG: .debug
        default: .trace
        }
    }
}
