import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ModGateAuth
import NIOCore
import NIOWebSocket

/// Decides whether a request opens a WebSocket session: its path is `/v1/ws` and its token verifies, or it is
/// Socket.IO's WebSocket transport (``SocketIOWebSocket``).
///
/// It answers the upgrade itself rather than through a router `ws` route: that route (hummingbird-websocket
/// 2.8) parks the request context in a box the context itself holds, a cycle that kept every closed
/// connection's channel, buffers and context alive (about 5 KB each). Anything else goes on to the router.
struct WebSocketUpgrade: Sendable {
    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    static let path = "/v1/ws"

    let gateway: Gateway
    let authenticator: TokenAuthenticator
    /// Each user's sessions against `max_connections_per_user`.
    let gate: ConnectionGate
    /// How long a peer may leave its socket full before it is dropped (`Limits.writeStall`).
    let writeStall: Double
    /// Socket.IO's WebSocket transport, at `/socket.io/`.
    let socketIO: SocketIOWebSocket

    /// The session for `head`, or `.dontUpgrade` (a bare 400) for another path or a token that does not verify.
    func decide(_ head: HTTPRequest, channel: any Channel) -> ShouldUpgradeResult<Handler> {
        let uri = URI(head.path ?? "")
        if SocketIOService.serves(uri.path) {
            return socketIO.decide(head, uri: uri, channel: channel)
        }
        guard uri.path == Self.path,
            let identity = try? authenticator.identity(
                head.headerFields[.authorization], queryToken: uri.queryParameters.get("token"))
        else { return .dontUpgrade }
        return .upgrade([:]) { [gateway, gate, writeStall] inbound, outbound, context in
            // Counted once upgraded, so that a refused upgrade holds no slot; past the cap the client hears why.
            guard gate.admitSession(of: identity.user) else {
                let reason = "too many connections for this user (limit \(gate.maxSessionsPerUser)); close one and retry"
                return try await outbound.close(WebSocketSession.CloseCode.tooManyConnections, reason: reason)
            }
            defer { gate.releaseSession(of: identity.user) }
            try await WebSocketSession(gateway: gateway, identity: identity, logger: context.logger)
                .run(inbound: inbound, outbound: outbound, socket: SocketWriter(channel: channel, stallLimit: writeStall))
        }
    }
}

extension WebSocketSession.CloseCode {
    /// The user already has `max_connections_per_user` WebSockets open.
    static let tooManyConnections = WebSocketErrorCode(codeNumber: 4029)
}
