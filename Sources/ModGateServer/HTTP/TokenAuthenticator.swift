import Hummingbird
import ModGateAuth

/// Verifies the token of every request but the open ones (health, metrics) and puts the identity in the context.
/// The token comes from `Authorization: Bearer` or, for browsers opening a WebSocket, the `token` query
/// parameter, which is never logged.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = GatewayContext
    let signer: TokenSigner
    let now: @Sendable () -> Double
    /// Paths that need no token.
    static let open: Set<String> = ["/healthz", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !Self.open.contains(request.uri.path) else { return try await next(request, context) }
        var context = context
        do {
            let token = try BearerToken.extract(
                authorization: request.headers[.authorization], queryToken: request.uri.queryParameters.get("token"))
            context.identity = try signer.verify(token, now: now())
        } catch {
            throw APIError(error)
        }
        return try await next(request, context)
    }
}
