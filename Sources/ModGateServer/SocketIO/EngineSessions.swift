import ModGateAuth
import Synchronization

/// The Engine.IO sessions of this gateway, by sid: at most `limits.maxSocketIOSessions` at once (connected or
/// still in their handshake), each started as a task of the ``SocketIOService`` and kept alive by its heartbeat.
final class EngineSessions: Sendable {
    let limits: Limits
    /// Seconds since 1970, the gateway's clock.
    let now: @Sendable () -> Double
    /// Sessions to start, for the service.
    let started: AsyncStream<EngineSession>
    private let starts: AsyncStream<EngineSession>.Continuation
    private let sessions = Mutex<[String: EngineSession]>([:])

    init(limits: Limits, now: @escaping @Sendable () -> Double) {
        self.limits = limits
        self.now = now
        (started, starts) = AsyncStream.makeStream()
    }

    /// A new session, started; nil when `maxSocketIOSessions` are open.
    func open(transport: EngineSession.Transport, handshakeIdentity: Result<Identity, AuthError>?) -> EngineSession? {
        let heartbeat = Heartbeat(
            interval: limits.socketIOPingInterval, timeout: limits.socketIOPingTimeout,
            connectTimeout: limits.socketIOPingInterval + limits.socketIOPingTimeout, openedAt: now())
        let session = EngineSession(
            sid: SessionID.random(), transport: transport, heartbeat: heartbeat, handshakeIdentity: handshakeIdentity, limits: limits)
        let admitted = sessions.withLock { sessions in
            guard sessions.count < limits.maxSocketIOSessions else { return false }
            sessions[session.sid] = session
            return true
        }
        guard admitted else { return nil }
        starts.yield(session)
        return session
    }

    func session(_ sid: String) -> EngineSession? { sessions.withLock { $0[sid] } }

    /// The open packet's contents for session `sid`.
    func handshake(sid: String, upgrades: [String]) -> EngineHandshake {
        EngineHandshake(
            sid: sid, upgrades: upgrades, pingInterval: Int(limits.socketIOPingInterval * 1000),
            pingTimeout: Int(limits.socketIOPingTimeout * 1000), maxPayload: limits.maxFrameBytes)
    }

    /// Forgets a session whose task ended.
    func remove(_ session: EngineSession) {
        sessions.withLock { sessions in
            if sessions[session.sid] === session { sessions[session.sid] = nil }
        }
    }

    var count: Int { sessions.withLock { $0.count } }

    /// Pings the sessions that are due and closes those that did not answer (or never connected), dropping what
    /// waits for them; returns how many it closed. A session closed otherwise is kept until its client has
    /// polled its last packets, or until it expires the same way.
    @discardableResult
    func tick(at now: Double) async -> Int {
        var expired = 0
        for session in sessions.withLock({ Array($0.values) }) where await session.tick(at: now) == .expire {
            if !session.isClosed { expired += 1 }
            session.close()
            session.outbox.discard()
        }
        return expired
    }

    /// Closes every session (the gateway is shutting down): clients hear the close packet and reconnect later.
    func closeAll() {
        for session in sessions.withLock({ Array($0.values) }) {
            session.close()
            // A pending GET has its close packet; nothing waits for a client that polls later.
            session.outbox.discard()
        }
        starts.finish()
    }
}

/// Engine.IO session ids.
enum SessionID {
    /// 128 random bits from the system's generator, base64url without padding (22 characters).
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
        return base64URL(bytes)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var text: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = UInt32(0)
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for digit in 0..<(chunk.count + 1) { text.append(alphabet[Int((value >> (18 - 6 * digit)) & 63)]) }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }
}
