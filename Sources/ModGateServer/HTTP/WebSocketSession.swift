import HummingbirdWebSocket
import Logging
import ModGateAuth
import NIOCore
import NIOWebSocket

/// One `/v1/ws` connection: its text frames decoded into client ops for a ``ClientSession``, whose output goes
/// out as text frames.
struct WebSocketSession {
    let gateway: Gateway
    let identity: Identity
    let logger: Logger

    /// Close codes the gateway uses besides the standard ones (1001 going away, 1009 too big, 1007 bad UTF-8).
    enum CloseCode {
        /// The client did not keep up with its rooms; it reconnects and resumes with `since`.
        static let tooSlow = WebSocketErrorCode(codeNumber: 4008)
        /// The token expired or was revoked; the client gets a new one, reconnects and resumes with `since`.
        static let tokenExpired = WebSocketErrorCode(codeNumber: 4401)
        /// The user is banned: at the ban, and at once on every later connection.
        static let banned = WebSocketErrorCode(codeNumber: 4403)
    }

    /// Serves the connection: frames go out through `socket`; `outbound` is used only to close.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, socket: SocketWriter) async throws {
        // Whatever ends the session, what was queued goes out before the WebSocket handler's own close frame.
        defer { socket.close() }
        try await ClientSession(gateway: gateway, identity: identity, logger: logger)
            .run(Requests(messages: inbound.messages(maxSize: gateway.limits.maxFrameBytes), limits: gateway.limits),
                 sink: Sink(socket: socket, outbound: outbound))
    }

    /// The client's text frames decoded into ops; a binary frame is refused.
    private struct Requests: AsyncSequence, Sendable {
        let messages: WebSocketInboundMessageStream
        let limits: Limits

        struct AsyncIterator: AsyncIteratorProtocol {
            var messages: WebSocketInboundMessageStream.AsyncIterator
            let limits: Limits

            mutating func next() async throws -> ClientRequest? {
                guard let message = try await messages.next() else { return nil }
                guard case .text(let text) = message else {
                    return ClientRequest(op: .failure(ProtocolError(.malformed, "send JSON text frames, not binary ones")))
                }
                return ClientRequest(op: Result { () throws(ProtocolError) in try ClientFrame.decode(text, limits: limits) })
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(messages: messages.makeAsyncIterator(), limits: limits) }
    }

    /// Each frame and answer as a text frame; a subscribe or unsubscribe that took effect is not answered.
    private struct Sink: SessionSink {
        let socket: SocketWriter
        let outbound: WebSocketOutboundWriter

        func send(_ frames: [ByteBuffer]) async throws { try await socket.send(frames) }

        func drained() async throws { try await socket.drained() }

        func answer(_ answer: SessionAnswer, to reply: Int64?) async throws {
            if case .frame(let frame) = answer { try await socket.send(frame) }
        }

        /// Sends the close frame after every frame queued so far; nothing is sent after it.
        func close(_ reason: SessionClose) async throws {
            socket.close()
            try await outbound.close(reason.closeCode, reason: reason.reason)
        }
    }
}

extension SessionClose {
    var closeCode: WebSocketErrorCode {
        switch self {
        case .end(.goingAway): .goingAway
        case .end(.tokenExpired), .end(.tokenRevoked), .end(.tokenKeyRetired): WebSocketSession.CloseCode.tokenExpired
        case .end(.banned): WebSocketSession.CloseCode.banned
        case .tooSlow: WebSocketSession.CloseCode.tooSlow
        case .resumeFailed: .unexpectedServerError
        }
    }
}
