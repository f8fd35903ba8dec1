import ModGateAuth
import NIOCore
import Synchronization

/// Where a client session's output goes, whatever the transport: `/v1/ws` writes each frame as a WebSocket
/// text frame, Socket.IO wraps it in an event or an acknowledgement.
protocol SessionSink: Sendable {
    /// Sends server frames (JSON objects whose first member is `op`) in order.
    func send(_ frames: [ByteBuffer]) async throws
    /// Waits until everything sent so far has left the gateway for the client.
    func drained() async throws
    /// Answers the client op that asked for `reply` (nil when it asked for none).
    func answer(_ answer: SessionAnswer, to reply: Int64?) async throws
    /// Ends the session after everything sent so far; nothing is sent after it.
    func close(_ reason: SessionClose) async throws
}

extension SessionSink {
    func send(_ frame: ByteBuffer) async throws { try await send([frame]) }
}

/// A sink that remembers whether the session was closed through it, so that the reader drops what follows.
final class ClosingSink<Sink: SessionSink>: SessionSink {
    private let sink: Sink
    private let isClosed = Atomic<Bool>(false)

    init(_ sink: Sink) { self.sink = sink }

    /// Whether the gateway has closed the session.
    var closed: Bool { isClosed.load(ordering: .acquiring) }

    func send(_ frames: [ByteBuffer]) async throws { try await sink.send(frames) }

    func drained() async throws { try await sink.drained() }

    func answer(_ answer: SessionAnswer, to reply: Int64?) async throws { try await sink.answer(answer, to: reply) }

    func close(_ reason: SessionClose) async throws {
        isClosed.store(true, ordering: .releasing)
        try await sink.close(reason)
    }
}

/// What the gateway answers to one client op.
enum SessionAnswer: Sendable {
    /// A frame: the ack of a send, the error of a refused op.
    case frame(ByteBuffer)
    /// A subscribe or unsubscribe that took effect (a subscribe once its resume is out); `/v1/ws` says nothing.
    case applied(SubscriptionChange)
}

/// Why the gateway ends a client session.
enum SessionClose: Sendable, Equatable {
    /// The hub ended it: shutdown, an expired token, a ban.
    case end(SessionEnd)
    /// The client fell behind its rooms: reconnect and resume with `since`.
    case tooSlow
    /// A room's history could not be read: reconnect and resume with `since`.
    case resumeFailed

    var reason: String {
        switch self {
        case .end(let end): end.reason
        case .tooSlow: "too slow: reconnect and resume with since"
        case .resumeFailed: "the room's history could not be read: reconnect and resume with since"
        }
    }
}

/// One op from the client, decoded by its transport, or why it could not be.
struct ClientRequest: Sendable {
    var op: Result<ClientFrame, ProtocolError>
    /// The Socket.IO acknowledgement id the client wants its answer under.
    var reply: Int64? = nil
}

extension SessionEnd {
    var reason: String {
        switch self {
        case .goingAway: "the gateway is shutting down"
        case .tokenExpired: "token expired: get a new token and resume with since"
        case .banned: "you are banned from this chat"
        case .tokenRevoked: "token revoked: get a new token and resume with since"
        case .tokenKeyRetired: "the key that signed the token was retired: get a new token and resume with since"
        }
    }

    /// The `error` frame sent before the close, with a code a client program can match on.
    var errorFrames: [ByteBuffer] {
        switch self {
        case .goingAway: []
        case .tokenExpired: [Self.frame(code: "token_expired", message: reason)]
        case .banned: [Self.frame(code: "user_banned", message: reason)]
        case .tokenRevoked: [Self.frame(code: AuthError.Code.revoked.rawValue, message: reason)]
        case .tokenKeyRetired: [Self.frame(code: AuthError.Code.keyRetired.rawValue, message: reason)]
        }
    }

    private static func frame(code: String, message: String) -> ByteBuffer {
        ByteBuffer(string: ServerFrame.encode(ServerFrame.Failure(code: code, message: message)))
    }
}
