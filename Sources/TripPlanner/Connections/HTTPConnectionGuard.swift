import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import TripPlannerModels

/// HTTP/1.1's connection rules and this server's time and memory limits, between NIO's HTTP
/// parser and Hummingbird, which leaves them to the application: a request Hummingbird should
/// never see is answered here, with the contract's error body, and the connection closed.
///
/// - `Host` missing (HTTP/1.1), repeated or malformed, `CONNECT`, a transfer coding other than
///   `chunked`, an `Expect` other than `100-continue`, and what the parser refuses are answered
///   here; `Expect: 100-continue` gets its `100 Continue`.
/// - A response closes the connection when the request asked for it (`Connection` tokens in any
///   case and list, HTTP/1.0 without `keep-alive`) or arrived before the whole body, which
///   would otherwise be read and thrown away to the end, however long it is.
/// - Headers, bodies and idle time are limited by `ConnectionLimits`; an upload that stops or
///   breaks off fails with `HTTPConnectionError` rather than look complete to the application.
/// - A body that does not fit in `UploadBudget` is refused with 503 before it is read.
///
/// Closing is a half-close that `LingeringCloseHandler` finishes.
final class HTTPConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Timer {
        case idle, header, body
    }

    private let limits: ConnectionLimits
    private let budget: UploadBudget
    private let logger: Logger

    /// Requests handed to the application whose response has not ended.
    private var requestsInFlight = 0
    /// A request handed to the application whose body has not ended, and its reservation.
    private var bodyInProgress = false
    private var reservedBytes = 0
    /// How each request handed on whose response has not begun asked for its connection to be
    /// treated, oldest first: pipelined requests are answered in order, each by its own rules.
    private var unanswered = CircularBuffer<(keepAlive: Bool, isHTTP10: Bool)>()
    /// The connection closes after the response under way, or now if there is none.
    private var closing = false
    /// The output is shut: nothing more is written, nothing more is handed on.
    private var closed = false
    /// Whether any request part arrived since the last read, which tells a partial header apart.
    private var partsSinceLastRead = false
    /// What the connection waits for, and until when.
    private var timer: (kind: Timer, deadline: NIODeadline)?
    /// The one scheduled check, due at or before the timer's deadline. Requests only move the
    /// deadline: cancelling and scheduling a task for each of them (twice per request) took 2.5%
    /// of the instructions of a `GET /trips/{id}`.
    private var check: (due: NIODeadline, task: Scheduled<Void>)?

    init(limits: ConnectionLimits, budget: UploadBudget, logger: Logger) {
        self.limits = limits
        self.budget = budget
        self.logger = logger
    }

    // MARK: Connection lifetime

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            arm(.idle, context: context)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(.idle, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        abortBody(context: context)
        stopChecking()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        releaseBody()
        stopChecking()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            abortBody(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partsSinceLastRead = true
        guard !closed, !(closing && !bodyInProgress) else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            disarm()
            if let refusal = Self.refusal(of: head) {
                refuse(refusal, context: context)
                return
            }
            let reservation = Self.reservation(for: head)
            guard budget.reserve(reservation) else {
                refuse(.serverBusy, context: context)
                return
            }
            reservedBytes = reservation
            requestsInFlight += 1
            bodyInProgress = true
            unanswered.append((head.isKeepAlive, head.version == .http1_0))
            if head.headers.contains(name: "expect"), head.version != .http1_0 {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            arm(.body, context: context)
        case .body:
            break
        case .end:
            releaseBody()
            bodyInProgress = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Bytes that completed no part, with no request under way, are the start of a header.
        if !partsSinceLastRead, requestsInFlight == 0, !closed, timer?.kind != .header {
            arm(.header, context: context)
        }
        partsSinceLastRead = false
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if Self.isEndOfInput(error) || error is IOError {
            // The client went away. In the middle of a body, the application must not take what
            // came for the whole; otherwise there is nobody to answer, and the input's end closes.
            if bodyInProgress {
                abortBody(context: context)
            } else if error is IOError {
                context.fireErrorCaught(error)
            }
            return
        }
        guard error is HTTPParserError || error is ByteToMessageDecoderError else {
            context.fireErrorCaught(error)
            return
        }
        if bodyInProgress {
            // The application is reading this body: it answers the error, then the connection closes.
            closing = true
            releaseBody()
            bodyInProgress = false
            disarm()
            context.fireErrorCaught(error)
        } else if !closed {
            refuse(.unparsable(error as? HTTPParserError ?? .unknown), context: context)
        }
    }

    /// What NIO's parser raises when the input ends in the middle of a message.
    private static func isEndOfInput(_ error: any Error) -> Bool {
        switch error as? HTTPParserError {
        case .invalidEOFState?, .closedConnection?: true
        default: false
        }
    }

    // MARK: Writing

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !closed else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            let request = unanswered.popFirst() ?? (keepAlive: false, isHTTP10: false)
            // A body still arriving is this response's request's only when no later one was handed on.
            if !request.keepAlive || closing || (bodyInProgress && unanswered.isEmpty) {
                closing = true
                head.headers.replaceOrAdd(name: "connection", value: "close")
            } else if request.isHTTP10 {
                head.headers.replaceOrAdd(name: "connection", value: "keep-alive")
            }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            requestsInFlight -= 1
            context.write(data, promise: promise)
            if closing {
                closeOutput(context: context)
            } else if requestsInFlight == 0 {
                arm(.idle, context: context)
            }
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode != .input {
            closed = true
            disarm()
        }
        context.close(mode: mode, promise: promise)
    }

    // MARK: Refusing and closing

    /// Answers a request the application never sees, and closes.
    private func refuse(_ error: APIError, context: ChannelHandlerContext) {
        guard requestsInFlight == 0 else {
            // Pipelined behind a response under way, the answer would overtake it: the
            // connection closes after that response instead, and the client retries this one.
            closing = true
            return
        }
        var json = JSONWriter(capacity: 256)
        try? json.write(ErrorDetail.Envelope(error: error.body))
        var head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: Int(error.status.code)))
        head.headers.add(name: "content-type", value: "application/json; charset=utf-8")
        head.headers.add(name: "content-length", value: String(json.bytes.count))
        head.headers.add(name: "connection", value: "close")
        // Every response carries an id, these too, though no route logs them.
        head.headers.add(name: HTTPField.Name.requestID.canonicalName, value: RequestID().description)
        for field in error.headers {
            head.headers.add(name: field.name.canonicalName, value: field.value)
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: json.bytes)))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        closeOutput(context: context)
    }

    private func closeOutput(context: ChannelHandlerContext) {
        closed = true
        disarm()
        context.flush()
        context.close(mode: .output, promise: nil)
    }

    /// The application is told that a body it is reading will not end, instead of seeing it end early.
    private func abortBody(context: ChannelHandlerContext) {
        guard bodyInProgress, !closed else { return }
        releaseBody()
        bodyInProgress = false
        closing = true
        context.fireErrorCaught(HTTPConnectionError.uploadAborted)
    }

    private func releaseBody() {
        budget.release(reservedBytes)
        reservedBytes = 0
    }

    // MARK: Timers

    private func arm(_ kind: Timer, context: ChannelHandlerContext) {
        let delay = switch kind {
        case .idle: limits.idleTimeout
        case .header: limits.headerTimeout
        case .body: limits.bodyTimeout
        }
        let deadline = NIODeadline.now() + TimeAmount(delay)
        timer = (kind, deadline)
        if let check, check.due <= deadline { return }
        scheduleCheck(at: deadline, context: context)
    }

    private func disarm() {
        timer = nil
    }

    /// The channel is gone: nothing is left to check.
    private func stopChecking() {
        timer = nil
        check?.task.cancel()
        check = nil
    }

    private func scheduleCheck(at due: NIODeadline, context: ChannelHandlerContext) {
        check?.task.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = bound.value
            handler.check = nil
            handler.checkTimer(context: context)
        }
        check = (due, task)
    }

    /// Expires the timer if its deadline has passed, or checks again at its deadline.
    private func checkTimer(context: ChannelHandlerContext) {
        guard let timer else { return }
        guard timer.deadline <= .now() else {
            scheduleCheck(at: timer.deadline, context: context)
            return
        }
        self.timer = nil
        expire(timer.kind, context: context)
    }

    private func expire(_ kind: Timer, context: ChannelHandlerContext) {
        switch kind {
        case .idle:
            logger.debug("idle connection closed")
            context.close(promise: nil)
        case .header:
            logger.debug("request headers timed out")
            refuse(.requestTimeout("The request's headers did not arrive within \(limits.headerTimeout)."), context: context)
        case .body:
            guard bodyInProgress else { return }
            logger.debug("request body timed out")
            releaseBody()
            bodyInProgress = false
            closing = true
            context.fireErrorCaught(HTTPConnectionError.bodyTimedOut(limits.bodyTimeout))
        }
    }

    // MARK: Rules for request heads

    /// Why `head` is refused before the application sees it, if it is.
    static func refusal(of head: HTTPRequestHead) -> APIError? {
        let hosts = head.headers["host"]
        if head.version != .http1_0, hosts.isEmpty {
            return .badRequest("An HTTP/1.1 request needs a Host header.")
        }
        if hosts.count > 1 {
            return .badRequest("A request may have only one Host header.")
        }
        if let host = hosts.first, !isValidHost(host) {
            return .badRequest("The Host header is not a host name or address with an optional port.")
        }
        if head.method == .CONNECT {
            return .notImplemented("This server is not a proxy; CONNECT is not supported.")
        }
        let codings = head.headers[canonicalForm: "transfer-encoding"]
        if !codings.isEmpty, codings.count != 1 || codings[0].lowercased() != "chunked" {
            return .notImplemented("The only transfer coding this server supports is chunked.")
        }
        let expectations = head.headers[canonicalForm: "expect"]
        if !expectations.isEmpty, expectations.count != 1 || expectations[0].lowercased() != "100-continue" {
            return .expectationFailed
        }
        return nil
    }

    /// What the body of `head` may take in memory: its length, at most the contract's limit,
    /// beyond which the application answers 413 without reading it.
    static func reservation(for head: HTTPRequestHead) -> Int {
        if let length = head.headers.first(name: "content-length").flatMap(Int.init) {
            return length <= Request.maxBodySize ? length : 0
        }
        return head.headers.contains(name: "transfer-encoding") ? Request.maxBodySize : 0
    }

    /// RFC 9112's `Host = uri-host [ ":" port ]`, or empty.
    static func isValidHost(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var end = bytes.count
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")), !bytes[colon...].contains(UInt8(ascii: "]")) {
            guard bytes[(colon + 1)...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
            end = colon
        }
        let host = bytes[..<end]
        if host.first == UInt8(ascii: "[") {
            guard host.count > 2, host.last == UInt8(ascii: "]") else { return false }
            return host.dropFirst().dropLast().allSatisfy { isRegName($0) || $0 == UInt8(ascii: ":") }
        }
        return host.allSatisfy(isRegName)
    }

    /// unreserved, sub-delims and `%` (for pct-encoded): the bytes of a reg-name or an IPv4 address.
    private static func isRegName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~%!$&'()*+,;=".utf8.contains(byte)
        }
    }
}
