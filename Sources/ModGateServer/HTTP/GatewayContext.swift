import Hummingbird
import HummingbirdWebSocket
import ModGateAuth
import NIOCore

/// The request context of every route: who the verified token says the caller is.
public struct GatewayContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// Set by `TokenAuthenticator`; the user id comes from here only, never from a body.
    public var identity: Identity?
    /// The connection, which a WebSocket session writes its frames to directly (`SocketWriter`).
    let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }

    /// The verified identity. - Throws: 401 when the route was reached without one.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError(AuthError.missing) }
        return identity
    }
}
