import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ModGateAuth
import NIOCore
import NIOWebSocket

/// Engine.IO's WebSocket transport at `/socket.io/?EIO=4&transport=websocket`: without `sid`, a session of its
/// own (the open packet comes first); with the `sid` of a polling session, its upgrade (`2probe`, `3probe`,
/// then `5`). Each text frame is one Engine.IO packet; a binary frame is refused with an `error` event.
struct SocketIOWebSocket: Sendable {
    typealias Handler = WebSocketUpgrade.Handler

    let sessions: EngineSessions
    let authenticator: TokenAuthenticator
    /// How long a peer may leave its socket full before it is dropped (`Limits.writeStall`).
    let writeStall: Double

    /// The transport for `head`, or `.dontUpgrade` (a bare 400) for a bad query, an unknown session, or the
    /// gateway's limit of sessions.
    func decide(_ head: HTTPRequest, uri: URI, channel: any Channel) -> ShouldUpgradeResult<Handler> {
        guard let query = try? EngineQuery(uri: uri), query.transport == "websocket" else { return .dontUpgrade }
        let engine: EngineSession
        let upgrading: Bool
        if let sid = query.sid {
            guard let session = sessions.session(sid), session.transport == .polling else { return .dontUpgrade }
            engine = session
            upgrading = true
        } else {
            let given = head.headerFields[.authorization] != nil || uri.queryParameters.get("token") != nil
            let identity = given ? Result { () throws(AuthError) in try authenticator.identity(head.headerFields[.authorization], queryToken: uri.queryParameters.get("token")) } : nil
            guard let session = sessions.open(transport: .websocket, handshakeIdentity: identity) else { return .dontUpgrade }
            engine = session
            upgrading = false
        }
        return .upgrade([:]) { [sessions, writeStall] inbound, outbound, _ in
            let socket = SocketWriter(channel: channel, stallLimit: writeStall)
            defer { socket.close() }
            var messages = inbound.messages(maxSize: sessions.limits.maxFrameBytes).makeAsyncIterator()
            if upgrading {
                guard try await Self.upgrade(engine, &messages, socket) else {
                    engine.abandonUpgrade()
                    return try await outbound.close(.normalClosure, reason: "upgrade not completed")
                }
            } else {
                try await socket.send(SocketIOFrames.engine(sessions.handshake(sid: engine.sid, upgrades: []).packet))
                engine.outbox.attach(socket)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // A session the gateway ends closes its WebSocket after the close packet and what came before.
                    await engine.outbox.closed()
                    socket.close()
                    try await outbound.close(.normalClosure, reason: nil)
                }
                defer { group.cancelAll() }
                while let message = try await messages.next() {
                    guard await Self.receive(message, engine, at: sessions.now()) else { break }
                }
                // The client went away: so does its session.
                engine.close()
            }
        }
    }

    /// Answers the probe and waits for the upgrade packet; false when the client sent anything else or left.
    private static func upgrade(
        _ engine: EngineSession, _ messages: inout WebSocketInboundMessageStream.AsyncIterator, _ socket: SocketWriter
    ) async throws -> Bool {
        guard case .text("2probe") = try await messages.next(), engine.beginUpgrade() else { return false }
        try await socket.send(SocketIOFrames.engine(.pong("probe")))
        guard case .text(let text) = try await messages.next(), (try? EnginePacket.decode(Substring(text))) == .upgrade else { return false }
        return engine.completeUpgrade(socket)
    }

    /// Passes one frame's packet to the session; false once the session is closed.
    private static func receive(_ message: WebSocketMessage, _ engine: EngineSession, at now: Double) async -> Bool {
        guard case .text(let text) = message else {
            try? await engine.outbox.send([SocketIOFrames.event(ProtocolError.binaryPacket.frame)])
            return !engine.isClosed
        }
        do {
            return await engine.receive(try EnginePacket.decode(Substring(text)), at: now)
        } catch {
            try? await engine.outbox.send([SocketIOFrames.event(ProtocolError(.malformed, "\(error)").frame)])
            return !engine.isClosed
        }
    }
}
