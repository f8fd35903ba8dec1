import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to a loopback port, for what a well-behaved client would never do: stop halfway
/// through its headers, hold a socket open, or drive thousands of handshakes without a client library.
public final class RawConnection {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`; reads wait at most `readTimeout`.
    public init(port: Int, readTimeout: Duration = .seconds(10)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        let (seconds, attoseconds) = readTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    /// Writes `bytes`; false once the server has closed the connection.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) == $0.count }
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// The next bytes the server sends: empty once it has closed the connection; nil when nothing came
    /// within the read timeout.
    public func read() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? nil : [] }
        return Array(buffer.prefix(count))
    }

    /// Everything the server sends until it closes the connection; nil if it stays open past the read timeout.
    public func readToEnd() -> [UInt8]? {
        var received: [UInt8] = []
        while let bytes = read() {
            if bytes.isEmpty { return received }
            received += bytes
        }
        return nil
    }

    /// The whole answer to `GET path` on this connection, which the request asks the server to close.
    public func get(_ path: String) -> String? {
        write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return readToEnd().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Opens a WebSocket on `path` with `token`: true when the server answers 101.
    public func upgrade(path: String = "/v1/ws", token: String) -> Bool {
        write(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer \(token)\r\n\r\n")
        var head = ""
        while !head.contains("\r\n\r\n") {
            guard let bytes = read(), !bytes.isEmpty else { return false }
            head += String(decoding: bytes, as: UTF8.self)
        }
        return head.hasPrefix("HTTP/1.1 101")
    }

    /// Sends a masked close frame with `code`, as a client must.
    public func sendClose(code: UInt16 = 1000) {
        sendFrame(opcode: 0x8, [UInt8(code >> 8), UInt8(code & 0xFF)])
    }

    /// Sends `text` (under 126 bytes) in one masked text frame.
    public func sendText(_ text: String) {
        sendFrame(opcode: 0x1, Array(text.utf8))
    }

    private func sendFrame(opcode: UInt8, _ payload: [UInt8]) {
        let mask: [UInt8] = [1, 2, 3, 4]
        write([0x80 | opcode, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $1 ^ mask[$0 % 4] })
    }
}
