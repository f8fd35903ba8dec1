import Hummingbird
import ModGateAuth

/// The request context of every route: who the verified token says the caller is.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `TokenAuthenticator`; the user id comes from here only, never from a body.
    public var identity: Identity?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The verified identity. - Throws: 401 when the route was reached without one.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError(AuthError.missing) }
        return identity
    }
}
