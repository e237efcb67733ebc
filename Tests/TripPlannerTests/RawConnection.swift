import Foundation
import XCTest

/// A TCP connection that sends exactly the bytes it is given, for requests no HTTP client would
/// write and for watching what the server does with the connection itself. Calls block, with
/// the timeouts given, and run on a thread of their own.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var received: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw RawConnectionError("connect: errno \(errno)")
        }
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Sends everything, or as much as the server takes within `timeout`; returns the bytes sent.
    @discardableResult
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(5)) -> Int {
        setTimeout(SO_SNDTIMEO, timeout)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        return sent
    }

    @discardableResult
    func send(_ text: String, timeout: Duration = .seconds(5)) -> Int {
        send(Array(text.utf8), timeout: timeout)
    }

    /// The next response, informational ones included; nil if the connection ends or nothing
    /// arrives within `timeout`.
    func readResponse(timeout: Duration = .seconds(10)) -> RawResponse? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = headerEnd(), let response = parse(upTo: end, deadline: deadline) {
                return response
            }
            guard receive(until: deadline) else { return nil }
        }
    }

    /// Waits for the server to close: true once the connection has ended (end-of-file or reset)
    /// within `timeout`, discarding anything received meanwhile.
    func isClosed(within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            setTimeout(SO_RCVTIMEO, min(deadline - ContinuousClock.now, .milliseconds(200)))
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                return true
            }
        }
        return false
    }

    /// Sends the end of the client's side.
    func shutdownOutput() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    private func receive(until deadline: ContinuousClock.Instant) -> Bool {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return false }
        setTimeout(SO_RCVTIMEO, remaining)
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return false }
        received += buffer[..<count]
        return true
    }

    private func headerEnd() -> Int? {
        guard received.count >= 4 else { return nil }
        for index in 0...(received.count - 4) where received[index..<(index + 4)].elementsEqual([13, 10, 13, 10]) {
            return index + 4
        }
        return nil
    }

    private func parse(upTo end: Int, deadline: ContinuousClock.Instant) -> RawResponse? {
        let lines = String(decoding: received[..<(end - 4)], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = status < 200 ? 0 : headers.first { $0.0 == "content-length" }.flatMap { Int($0.1) } ?? 0
        while received.count < end + length {
            guard receive(until: deadline) else { return nil }
        }
        let body = Array(received[end..<(end + length)])
        received.removeFirst(end + length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    private func setTimeout(_ option: Int32, _ duration: Duration) {
        let (seconds, attoseconds) = max(duration, .milliseconds(1)).components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}

struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0 == name }?.1
    }

    /// `error.code` of a contract error body; nil when the body is not one.
    var errorCode: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let error = object["error"] as? [String: Any] else { return nil }
        return error["code"] as? String
    }
}

struct RawConnectionError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
