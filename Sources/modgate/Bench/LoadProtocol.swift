import Foundation
import HummingbirdWSClient
import NIOCore

/// What a load client speaks over its WebSocket: the gateway's own protocol at `/v1/ws`, or Socket.IO v5 over
/// Engine.IO v4's WebSocket transport at `/socket.io/`, whose events carry the same objects.
enum LoadProtocol: String, Sendable, CaseIterable {
    case ws
    case socketio

    /// The URL to dial on the gateway at `base` (`ws://HOST:PORT`).
    func url(base: String) -> String {
        switch self {
        case .ws: base + "/v1/ws"
        case .socketio: base + "/socket.io/?EIO=4&transport=websocket"
        }
    }

    /// The text of a send; `number` is its index on the connection (the Socket.IO acknowledgement id).
    func send(room: String, text: String, cid: Int64, number: Int) -> String {
        switch self {
        case .ws: "{\"op\":\"send\",\"room\":\"\(room)\",\"text\":\(text),\"cid\":\"\(cid)\"}"
        case .socketio: "42\(number)[\"send\",{\"room\":\"\(room)\",\"text\":\(text),\"cid\":\"\(cid)\"}]"
        }
    }

    func subscribe(room: String) -> String {
        switch self {
        case .ws: "{\"op\":\"subscribe\",\"room\":\"\(room)\"}"
        case .socketio: "42[\"subscribe\",{\"room\":\"\(room)\"}]"
        }
    }

    /// Whether the client authenticates with a header (`/v1/ws`) rather than in its CONNECT packet.
    var usesHeader: Bool { self == .ws }

    /// Opens the Socket.IO connection: reads the open packet, sends CONNECT with `token`, reads its answer.
    /// Nothing to do for `/v1/ws`, which authenticates with the upgrade's header.
    func connect(
        _ frames: inout WebSocketInboundStream.AsyncIterator, _ outbound: WebSocketOutboundWriter, token: String
    ) async throws {
        guard self == .socketio else { return }
        guard let open = try await frames.next(), String(buffer: open.data).hasPrefix("0{") else {
            throw LoadProtocolError("no Engine.IO open packet")
        }
        try await outbound.write(.text("40{\"token\":\"\(token)\"}"))
        guard let answer = try await frames.next() else { throw LoadProtocolError("no answer to CONNECT") }
        let text = String(buffer: answer.data)
        guard text.hasPrefix("40") else { throw LoadProtocolError("CONNECT refused: \(text)") }
    }

    /// Answers the server's heartbeat: an Engine.IO ping (`2`) gets a pong (`3`). False for any other frame.
    func answerPing(_ frame: WebSocketDataFrame, _ outbound: WebSocketOutboundWriter) async -> Bool {
        guard self == .socketio, frame.data.readableBytes == 1, frame.data.readableBytesView.first == UInt8(ascii: "2") else {
            return false
        }
        try? await outbound.write(.text("3"))
        return true
    }
}

struct LoadProtocolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A connection's frame iterator, handed from the task that connected (and read the Socket.IO handshake with
/// it) to the task that reads the rest: one task at a time uses it, never two.
struct FrameSource: @unchecked Sendable {
    var frames: WebSocketInboundStream.AsyncIterator
}
