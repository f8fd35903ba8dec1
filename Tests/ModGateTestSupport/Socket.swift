import Foundation
import HummingbirdWSClient
import Logging
import Testing

/// A WebSocket client with `token` on the gateway at `port`, connected until `body` returns.
@discardableResult
public func webSocket(port: Int, token: String, _ body: @escaping @Sendable (Socket) async throws -> Void) async throws
    -> WebSocketCloseFrame?
{
    var configuration = WebSocketClientConfiguration()
    configuration.additionalHeaders[.authorization] = "Bearer \(token)"
    return try await WebSocketClient.connect(
        url: "ws://127.0.0.1:\(port)/v1/ws", configuration: configuration, logger: Logger(label: "client")
    ) { inbound, outbound, _ in
        let socket = Socket(outbound: outbound, inbound: inbound)
        try await body(socket)
        try await outbound.close(.normalClosure, reason: nil)
    }
}

/// One client connection: send frames, read the frames that arrive.
public final class Socket: @unchecked Sendable {
    public let outbound: WebSocketOutboundWriter
    private var messages: WebSocketInboundMessageStream.AsyncIterator

    init(outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream) {
        self.outbound = outbound
        self.messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
    }

    public func send(_ json: String) async throws { try await outbound.write(.text(json)) }

    /// Subscribes to `room`; the ack of a send that follows proves the subscription is in place.
    public func join(_ room: String) async throws {
        try await send(#"{"op":"subscribe","room":"\#(room)"}"#)
        try await send(#"{"op":"send","room":"join-\#(room)","text":"joined","cid":"join"}"#)
        _ = try await next(op: "ack")
    }

    /// The next frame as a JSON object; throws, failing the test, if the connection closes instead.
    public func next() async throws -> [String: any Sendable] {
        guard let frame = try await nextOrEnd() else { throw ConnectionClosed() }
        return frame
    }

    /// Why `next()` found no frame.
    public struct ConnectionClosed: Error, CustomStringConvertible {
        public var description: String { "the connection closed while a frame was expected" }
    }

    /// The next frame as a JSON object, or nil once the connection has closed.
    public func nextOrEnd() async throws -> [String: any Sendable]? {
        guard let message = try await messages.next() else { return nil }
        guard case .text(let text) = message else { return [:] }
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: any Sendable])
    }

    /// Every frame until the connection closes.
    public func rest() async throws -> [[String: any Sendable]] {
        var frames: [[String: any Sendable]] = []
        while let frame = try await nextOrEnd() { frames.append(frame) }
        return frames
    }

    /// Frames until one with `op`, skipping others.
    public func next(op: String) async throws -> [String: any Sendable] {
        while true {
            let frame = try await next()
            if frame["op"] as? String == op { return frame }
        }
    }
}
