import HTTPTypes
import Hummingbird
import HummingbirdCore
import ModGateAuth
import NIOCore

/// Engine.IO's HTTP long-polling at `/socket.io/`: a GET without `sid` opens a session (the handshake), a GET
/// with it waits for the session's packets, a POST brings the client's. One GET and one POST at a time per
/// session; a POST body is at most `maxPayload` bytes.
struct SocketIOPolling {
    let sessions: EngineSessions
    let authenticator: TokenAuthenticator

    func add(to router: Router<GatewayContext>) {
        // The router takes `/socket.io/`, where clients send their requests, as `/socket.io`.
        router.get(RouterPath(SocketIOService.path)) { request, _ in try await get(request) }
        router.post(RouterPath(SocketIOService.path)) { request, _ in try await post(request) }
    }

    private func get(_ request: Request) async throws -> Response {
        let query = try EngineQuery(polling: request)
        guard let sid = query.sid else { return try handshake(request) }
        let engine = try session(sid, request)
        guard engine.transport != .websocket else { throw EngineQuery.badRequest("the session has moved to its WebSocket") }
        guard let packets = await engine.outbox.poll() else {
            // Two GETs at once: the client lost track of its session, which ends as the reference server ends it.
            engine.close()
            throw EngineQuery.badRequest("one GET at a time per session")
        }
        return Self.text(Self.payload(packets))
    }

    private func post(_ request: Request) async throws -> Response {
        let query = try EngineQuery(polling: request)
        guard let sid = query.sid else { throw EngineQuery.badRequest("a POST needs the sid of its session") }
        let engine = try session(sid, request)
        guard engine.beginPost() else {
            engine.close()
            throw EngineQuery.badRequest("one POST at a time per session")
        }
        defer { engine.endPost() }
        let limit = sessions.limits.maxFrameBytes
        guard let body = try? await request.body.collect(upTo: limit) else {
            engine.close()
            throw EngineQuery.error(.contentTooLarge, code: 3, "a POST body is at most maxPayload (\(limit)) bytes")
        }
        let packets: [EnginePacket]
        do {
            packets = try EnginePacket.decodePayload(String(buffer: body), maxPackets: EngineSession.inboxCapacity)
        } catch .binary {
            try await engine.outbox.send([SocketIOFrames.event(ProtocolError.binaryPacket.frame)])
            return Self.text("ok")
        } catch {
            throw EngineQuery.badRequest("\(error)")
        }
        for packet in packets {
            guard await engine.receive(packet, at: sessions.now()) else { break }
        }
        return Self.text("ok")
    }

    /// Opens a session and answers its open packet. A token given here is verified now and used by a CONNECT
    /// that brings none.
    private func handshake(_ request: Request) throws -> Response {
        let identity = handshakeToken(request).map { _ in
            Result { () throws(AuthError) in try authenticator.identity(request.headers[.authorization], queryToken: request.uri.queryParameters.get("token")) }
        }
        guard let engine = sessions.open(transport: .polling, handshakeIdentity: identity) else {
            throw EngineQuery.error(.serviceUnavailable, code: 3, "the gateway has its limit of Socket.IO sessions open; try again shortly")
        }
        return Self.text(Self.payload([SocketIOFrames.engine(sessions.handshake(sid: engine.sid, upgrades: ["websocket"]).packet)]))
    }

    /// The session `sid`, if it exists and a token on the request (if any) names its user.
    private func session(_ sid: String, _ request: Request) throws -> EngineSession {
        guard let engine = sessions.session(sid) else { throw EngineQuery.error(.badRequest, code: 1, "Session ID unknown") }
        if handshakeToken(request) != nil {
            let identity = try? authenticator.identity(request.headers[.authorization], queryToken: request.uri.queryParameters.get("token"))
            guard let identity, engine.admits(identity.user) else {
                throw EngineQuery.error(.forbidden, code: 4, "the token does not match the session's user")
            }
        }
        return engine
    }

    private func handshakeToken(_ request: Request) -> Void? {
        request.headers[.authorization] != nil || request.uri.queryParameters.get("token") != nil ? () : nil
    }

    /// Packets joined by the record separator.
    static func payload(_ packets: [ByteBuffer]) -> ByteBuffer {
        var body = ByteBuffer()
        body.reserveCapacity(packets.reduce(packets.count) { $0 + $1.readableBytes })
        for (index, packet) in packets.enumerated() {
            if index > 0 { body.writeInteger(EnginePacket.separator) }
            body.writeImmutableBuffer(packet)
        }
        return body
    }

    private static func text(_ body: String) -> Response { text(ByteBuffer(string: body)) }

    private static func text(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=UTF-8", .cacheControl: "no-store"], body: .init(byteBuffer: body))
    }
}

/// The query of an Engine.IO request: `EIO=4`, `transport`, and `sid` once the session is open.
struct EngineQuery {
    let sid: String?
    let transport: String

    /// The query of a polling request.
    init(polling request: Request) throws {
        try self.init(uri: request.uri)
        guard transport != "websocket" else { throw Self.badRequest("the websocket transport needs a WebSocket upgrade") }
        guard transport == "polling" else { throw Self.error(.badRequest, code: 0, "Transport unknown: use polling or websocket") }
    }

    init(uri: URI) throws {
        let query = uri.queryParameters
        guard query.get("EIO") == "4" else {
            throw Self.error(.badRequest, code: 5, "Unsupported protocol version: this gateway speaks Engine.IO 4 (Socket.IO 3 and later clients)")
        }
        transport = query.get("transport") ?? ""
        sid = query.get("sid")
    }

    /// Engine.IO's error body, `{"code":N,"message":...}` (0 transport unknown, 1 session id unknown, 3 bad request,
    /// 4 forbidden, 5 unsupported protocol version).
    static func error(_ status: HTTPResponse.Status, code: Int, _ message: String) -> EngineHTTPError {
        EngineHTTPError(status: status, code: code, message: message)
    }

    static func badRequest(_ message: String) -> EngineHTTPError { error(.badRequest, code: 3, message) }
}

/// A refused Engine.IO request, answered with Engine.IO's error body: `{"code":N,"message":...}`.
struct EngineHTTPError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: Int
    var message: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var json = JSONObjectText(capacity: 32 + message.utf8.count)
        json.add("code", Int64(code))
        json.add("message", message)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json.close())))
    }
}

extension ProtocolError {
    /// The `error` frame of this refusal.
    var frame: ByteBuffer {
        ByteBuffer(string: ServerFrame.encode(ServerFrame.Failure(code: code.rawValue, message: message, retryAfter: retryAfter)))
    }
}
