import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 channel with `HTTPConnectionGuard` between NIO's parser and
/// Hummingbird, and `LingeringCloseHandler` in front of all. It wraps rather than replaces
/// `HTTP1Channel`: Hummingbird still parses, serves and closes every connection.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let limits: ConnectionLimits
    let budget: UploadBudget

    /// The server of `Application`, serving `limits`.
    static func server(limits: ConnectionLimits) -> HTTPServerBuilder {
        let budget = UploadBudget(limit: limits.uploadMemory)
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(base: HTTP1Channel(responder: responder), limits: limits, budget: budget)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let parser = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(HTTPConnectionGuard(limits: limits, budget: budget, logger: logger), position: .after(parser))
            try pipeline.addHandler(LingeringCloseHandler(), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
