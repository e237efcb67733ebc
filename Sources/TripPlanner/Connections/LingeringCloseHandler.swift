import NIOCore

/// Turns "close after this response" into a close that ends: the output is shut down once the
/// response is written, what the client still sends is read and thrown away, and the
/// connection is closed when the client closes its end, after `ConnectionLimits.lingerTime`,
/// or after `ConnectionLimits.lingerBytes`, whichever comes first.
///
/// Hummingbird 2.28.1 ends every connection it gives up on (an HTTP parse error, a request
/// with `Connection: close`) with `outbound.finish()`, a half-close, and then waits without a
/// limit for `closeFuture`. Nobody reads the connection any more, so the client's end-of-file,
/// queued behind data the client had already sent, is never seen, and the descriptor is kept
/// for good. This handler sits first in the pipeline and sees that half-close on its way out.
final class LingeringCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var lingering = false
    private var discarded = 0
    private var deadline: Scheduled<Void>?

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output, !lingering else {
            context.close(mode: mode, promise: promise)
            return
        }
        lingering = true
        // NIO shuts the output down once the writes before it are on the wire.
        context.close(mode: .output, promise: promise)
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(ConnectionLimits.lingerTime)) {
            channel.close(promise: nil)
        }
        // The reads that would bring the end-of-file may have stopped for back-pressure.
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard lingering else {
            context.fireChannelRead(data)
            return
        }
        discarded += unwrapInboundIn(data).readableBytes
        if discarded > ConnectionLimits.lingerBytes {
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard lingering else {
            context.fireChannelReadComplete()
            return
        }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if lingering, case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset while lingering is the client's way of closing too.
        if lingering {
            context.close(promise: nil)
            return
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
