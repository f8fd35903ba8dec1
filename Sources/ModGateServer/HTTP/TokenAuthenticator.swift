import Hummingbird
import Logging
import ModGateAPI
import ModGateAuth

/// Verifies the token of every request but the open ones (health, metrics, the API document, the chat page) and puts the identity in the context.
/// The token comes from `Authorization: Bearer` or, for browsers opening a WebSocket, the `token` query
/// parameter, which is never logged.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = GatewayContext
    /// The keys tokens are verified with; a token naming a key not among them reloads them, at most once a second.
    let keys: TokenKeyRing
    /// Checked after the signature and expiry: a revoked token is refused on every route.
    let revocations: TokenRevocations
    let now: @Sendable () -> Double
    /// Paths that need no token: health, metrics, the API document and the chat page's files.
    static let open: Set<String> = Set(["/healthz", "/metrics", OpenAPIDocument.path]).union(ChatPage.paths)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // Socket.IO authenticates in its CONNECT packet, after the handshake (``SocketIOSession``).
        guard !Self.open.contains(request.uri.path), !SocketIOService.serves(request.uri.path) else {
            return try await next(request, context)
        }
        var context = context
        do {
            context.identity = try await verified(
                request.headers[.authorization], queryToken: request.uri.queryParameters.get("token"), logger: context.logger)
        } catch {
            throw APIError(error)
        }
        return try await next(request, context)
    }

    /// ``identity(_:queryToken:)``, tried once more after reading the keys again when the token names a key this
    /// gateway does not know: another gateway may have made it since.
    private func verified(_ authorization: String?, queryToken: String?, logger: Logger) async throws(AuthError) -> Identity {
        do {
            return try identity(authorization, queryToken: queryToken)
        } catch where error == .unknownKey {
            guard await keys.reloadForUnknownKey(now: now(), logger: logger) else { throw error }
            return try identity(authorization, queryToken: queryToken)
        }
    }

    /// The identity of a verified, unrevoked token from the `Authorization` header or the `token` query parameter.
    func identity(_ authorization: String?, queryToken: String?) throws(AuthError) -> Identity {
        let identity = try keys.signer.verify(try BearerToken.extract(authorization: authorization, queryToken: queryToken), now: now())
        try revocations.check(identity)
        return identity
    }
}
