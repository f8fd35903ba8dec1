import Foundation
import Logging
import ModGateAuth
import ModGateStorage
import NIOCore

/// The Socket.IO side of one Engine.IO session, run as a task of the ``SocketIOService``: it waits for the
/// client's CONNECT to `/` with `{"token":...}`, answers it, then serves a ``ClientSession`` whose ops are the
/// client's events and whose output goes out as events and acknowledgements.
struct SocketIOSession {
    let engine: EngineSession
    let gateway: Gateway
    let authenticator: TokenAuthenticator
    /// Each user's sessions against `max_connections_per_user`, shared with `/v1/ws`.
    let gate: ConnectionGate
    let logger: Logger

    /// How many refused CONNECT packets a session may send before it is closed.
    static let maxConnectAttempts = 3

    func run() async {
        defer { engine.close() }
        var packets = engine.inbox.makeAsyncIterator()
        guard let identity = await connect(&packets) else { return }
        defer { gate.releaseSession(of: identity.user) }
        let requests = SocketIORequests(packets: packets, outbox: engine.outbox, limits: gateway.limits)
        do {
            try await ClientSession(gateway: gateway, identity: identity, logger: logger)
                .run(requests, sink: SocketIOSink(engine: engine))
        } catch {
            logger.debug("Socket.IO session ended", metadata: ["error": "\(error)"])
        }
    }

    /// Reads packets until a CONNECT to `/` is accepted; nil when the session ended first.
    private func connect(_ packets: inout EngineInbox.AsyncIterator) async -> Identity? {
        var refused = 0
        while refused < Self.maxConnectAttempts, let text = await packets.next() {
            guard let packet = try? SocketIOPacket.decode(text), packet.kind == .connect else { continue }
            guard packet.namespace == "/" else {
                try? await engine.outbox.send([Self.unknownNamespace(packet.namespace)])
                refused += 1
                continue
            }
            do {
                let identity = try await admit(packet)
                engine.connect(as: identity.user)
                try? await engine.outbox.send([SocketIOFrames.connected(sid: SessionID.random())])
                return identity
            } catch {
                try? await engine.outbox.send([SocketIOFrames.connectError(code: error.code, message: error.message)])
                refused += 1
            }
        }
        return nil
    }

    /// The identity of a CONNECT's token (else the handshake's), once it passes the sanctions and the per-user cap.
    private func admit(_ packet: SocketIOPacket) async throws(ConnectRefusal) -> Identity {
        let identity: Identity
        do {
            if let token = try Self.token(in: packet.data) {
                identity = try authenticator.identity(nil, queryToken: token)
            } else if let given = engine.handshakeIdentity {
                identity = try given.get()
            } else {
                throw AuthError.missing
            }
            // The handshake's token was checked at the handshake: a revocation or a key's retirement since then refuses it here.
            try gateway.revocations.check(identity)
            try gateway.tokenKeys.check(identity)
        } catch let error as AuthError {
            throw ConnectRefusal(code: error.code.rawValue, message: error.message)
        } catch {
            throw ConnectRefusal(code: "bad_request", message: "the auth payload must be an object such as {\"token\":\"...\"}")
        }
        if (try? await gateway.sanctions.sanction(of: identity.user).banned) == true {
            throw ConnectRefusal(code: "user_banned", message: SessionEnd.banned.reason)
        }
        guard gate.admitSession(of: identity.user) else {
            throw ConnectRefusal(
                code: "too_many_connections",
                message: "too many connections for this user (limit \(gate.maxSessionsPerUser)); close one and retry")
        }
        return identity
    }

    /// The `token` of a CONNECT's auth payload; nil when there is no payload or no token in it.
    static func token(in data: Substring) throws -> String? {
        guard !data.isEmpty else { return nil }
        struct Auth: Decodable { var token: String? }
        return try JSONDecoder().decode(Auth.self, from: Data(data.utf8)).token
    }

    static func unknownNamespace(_ namespace: String) -> ByteBuffer {
        SocketIOFrames.connectError(
            namespace: namespace, code: "unknown_namespace", message: "Invalid namespace: this gateway serves only '/'")
    }
}

/// Why a CONNECT was refused, as the CONNECT_ERROR tells the client.
struct ConnectRefusal: Error {
    let code: String
    let message: String
}

/// A session's Socket.IO packets as client ops: events become requests (with their acknowledgement id), a
/// DISCONNECT from `/` ends them, and packets to other namespaces are refused.
struct SocketIORequests: AsyncSequence, Sendable {
    typealias Element = ClientRequest
    var packets: EngineInbox.AsyncIterator
    let outbox: EngineOutbox
    let limits: Limits

    struct AsyncIterator: AsyncIteratorProtocol {
        var packets: EngineInbox.AsyncIterator
        let outbox: EngineOutbox
        let limits: Limits

        mutating func next() async -> ClientRequest? {
            while let text = await packets.next() {
                let packet: SocketIOPacket
                do {
                    packet = try SocketIOPacket.decode(text)
                } catch {
                    return ClientRequest(op: .failure(error))
                }
                guard packet.namespace == "/" else {
                    if packet.kind == .connect { try? await outbox.send([SocketIOSession.unknownNamespace(packet.namespace)]) }
                    continue
                }
                switch packet.kind {
                case .event:
                    return ClientRequest(
                        op: Result { () throws(ProtocolError) in try ClientFrame.decode(event: packet.data, limits: limits) },
                        reply: packet.ackID)
                case .disconnect: return nil
                case .connect, .ack, .connectError, .binaryEvent, .binaryAck: continue
                }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(packets: packets, outbox: outbox, limits: limits) }
}
