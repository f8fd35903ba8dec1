import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// Decides whether a request opens a WebSocket session: its path is `/v1/ws` and its token verifies.
///
/// It answers the upgrade itself rather than through a router `ws` route: that route (hummingbird-websocket
/// 2.8) parks the request context in a box the context itself holds, a cycle that kept every closed
/// connection's channel, buffers and context alive (about 5 KB each). Anything else goes on to the router.
struct WebSocketUpgrade: Sendable {
    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    static let path = "/v1/ws"

    let gateway: Gateway
    let authenticator: TokenAuthenticator
    /// How long a peer may leave its socket full before it is dropped (`Limits.writeStall`).
    let writeStall: Double

    /// The session for `head`, or `.dontUpgrade` (a bare 400) for another path or a token that does not verify.
    func decide(_ head: HTTPRequest, channel: any Channel) -> ShouldUpgradeResult<Handler> {
        let uri = URI(head.path ?? "")
        guard uri.path == Self.path,
            let identity = try? authenticator.identity(
                head.headerFields[.authorization], queryToken: uri.queryParameters.get("token"))
        else { return .dontUpgrade }
        return .upgrade([:]) { [gateway, writeStall] inbound, outbound, context in
            try await WebSocketSession(gateway: gateway, identity: identity, logger: context.logger)
                .run(inbound: inbound, outbound: outbound, socket: SocketWriter(channel: channel, stallLimit: writeStall))
        }
    }
}
