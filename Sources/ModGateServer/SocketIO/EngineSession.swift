import ModGateAuth
import NIOCore
import Synchronization

/// One Engine.IO session: the state its transports (polling requests, a WebSocket) share, whichever carries
/// it at the moment. Its Socket.IO session runs as a task of its own (``SocketIOSession``), reading the inbox
/// and writing the outbox.
final class EngineSession: Sendable {
    /// Which transport carries the session.
    enum Transport: Sendable, Equatable {
        case polling
        /// A WebSocket answered the probe; packets still wait for the client's last GET until it upgrades.
        case upgrading
        case websocket
    }

    private struct State {
        var transport: Transport
        var heartbeat: Heartbeat
        /// Whether a POST is being read.
        var posting = false
        /// The user the session's Socket.IO connection authenticated as.
        var user: String?
        var closed = false
    }

    /// Random 128 bits, base64url: unguessable, since it is all a polling request shows of its session.
    let sid: String
    let outbox: EngineOutbox
    let inbox: EngineInbox
    /// What a token given at the handshake (`Authorization` or the `token` query parameter) verified to, for a
    /// CONNECT without one; nil when none was given. The token itself is not kept.
    let handshakeIdentity: Result<Identity, AuthError>?
    private let state: Mutex<State>

    init(
        sid: String, transport: Transport, heartbeat: Heartbeat, handshakeIdentity: Result<Identity, AuthError>?, limits: Limits
    ) {
        self.sid = sid
        self.handshakeIdentity = handshakeIdentity
        outbox = EngineOutbox(maxBytes: limits.maxConnectionBytes)
        inbox = EngineInbox(capacity: Self.inboxCapacity)
        state = Mutex(State(transport: transport, heartbeat: heartbeat))
    }

    /// How many received packets may wait for the session task.
    static let inboxCapacity = 64

    var transport: Transport { state.withLock { $0.transport } }

    /// Takes one packet from a transport; false once the session is closed.
    func receive(_ packet: EnginePacket, at now: Double) async -> Bool {
        switch packet {
        case .message(let data): return await inbox.push(data)
        case .pong: state.withLock { $0.heartbeat.pong(at: now) }
        case .ping(let data): try? await outbox.send([SocketIOFrames.engine(.pong(data))])
        case .close: close()
        case .open, .upgrade, .noop: break
        }
        return !isClosed
    }

    /// What the heartbeat asks for at `now`: a ping goes out here.
    func tick(at now: Double) async -> Heartbeat.Action {
        let action = state.withLock { $0.heartbeat.tick(at: now) }
        if action == .ping { try? await outbox.send([SocketIOFrames.engine(.ping(""))]) }
        return action
    }

    /// Binds the session to `user` once its Socket.IO connection is accepted: its heartbeat then only needs pongs.
    func connect(as user: String) {
        state.withLock { state in
            state.user = user
            state.heartbeat.connect()
        }
    }

    /// Whether a request that carries a token verifying to `user` may use the session: a session bound to
    /// another user refuses it.
    func admits(_ user: String) -> Bool {
        state.withLock { $0.user == nil || $0.user == user }
    }

    /// Marks a POST as being read; false when one is already (the client must post one at a time).
    func beginPost() -> Bool {
        state.withLock { state in
            defer { state.posting = true }
            return !state.posting
        }
    }

    func endPost() { state.withLock { $0.posting = false } }

    /// A WebSocket answered the probe: the pending GET ends with a noop so that the client can switch.
    func beginUpgrade() -> Bool {
        let began = state.withLock { state in
            guard state.transport == .polling, !state.closed else { return false }
            state.transport = .upgrading
            return true
        }
        if began { outbox.endPoll() }
        return began
    }

    /// The client switched to the WebSocket behind `socket`: packets go there from now on.
    func completeUpgrade(_ socket: SocketWriter) -> Bool {
        let upgraded = state.withLock { state in
            guard state.transport == .upgrading, !state.closed else { return false }
            state.transport = .websocket
            return true
        }
        if upgraded { outbox.attach(socket) }
        return upgraded
    }

    /// An upgrade that did not complete: the session goes on polling.
    func abandonUpgrade() {
        state.withLock { state in
            if state.transport == .upgrading { state.transport = .polling }
        }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Ends the session: its task reads the end of the inbox, the client gets `last` and the close packet.
    func close(after last: [ByteBuffer] = []) {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        inbox.finish()
        outbox.close(after: last)
    }
}
