import Hummingbird
import ModGateAuth
import ModGateStorage

/// Token revocation, for admins only (a moderator's token gets 403).
extension AdminRoutes {
    func addTokens(to admin: RouterGroup<GatewayContext>) {
        admin.post("/tokens/revoke") { request, context in
            let identity = try Self.requireAdmin(context)
            let body = try await AdminHTTP.body(RevokeBody.self, from: request, limit: bodyLimit)
            let revocation = try RevokeBody.revocation(body, now: gateway.now())
            let closed = try await AdminHTTP.store {
                try await moderation.revoke(revocation, by: identity.user, reason: body?.reason ?? "")
            }
            return AdminHTTP.json(AdminJSON.Revoked(revocation, closed: closed))
        }
    }

    /// `{"user":ID}` (every token of that user issued until now) or `{"id":JTI}` (one token), and an optional reason.
    struct RevokeBody: Decodable {
        var user: String?
        var id: String?
        var reason: String?

        static let usage = #"say what to revoke: {"user":"ID"} for every token of a user issued until now, or {"id":"JTI"} for one token"#

        /// The revocation the body asks for at `now`. - Throws: 400 `bad_request` unless it names exactly one usable target.
        static func revocation(_ body: RevokeBody?, now: Double) throws -> Revocation {
            switch (body?.user, body?.id) {
            case (let user?, nil):
                if let problem = UserID.problem(user) { throw AdminHTTP.badRequest("'user': \(problem)") }
                return .user(user, at: now)
            case (nil, let id?):
                if let problem = TokenID.problem(id) {
                    throw AdminHTTP.badRequest("'id' (a token id, the jti that `modgate token issue` prints) \(problem)")
                }
                return .token(id: id, at: now)
            case (_?, _?): throw AdminHTTP.badRequest("give either 'user' or 'id', not both")
            case (nil, nil): throw AdminHTTP.badRequest(usage)
            }
        }
    }
}
