import Hummingbird
import ModGateAuth
import ModGateStorage

/// Token signing keys, for admins only (a moderator's token gets 403): list, rotate, retire.
extension AdminRoutes {
    func addTokenKeys(to admin: RouterGroup<GatewayContext>) {
        admin.get("/tokens/keys") { _, context in
            try Self.requireAdmin(context)
            return AdminHTTP.json(AdminJSON.TokenKeyList(moderation.gateway.tokenKeys.signer.keys))
        }
        admin.post("/tokens/keys") { _, context in
            let admin = try Self.requireAdmin(context)
            let key = try await AdminHTTP.store { try await moderation.rotateTokenKey(by: admin.user) }
            return AdminHTTP.json(AdminJSON.TokenKeyEntry(key, signing: true))
        }
        admin.post("/tokens/keys/{kid}/retire") { request, context in
            let admin = try Self.requireAdmin(context)
            let kid = try context.parameters.require("kid")
            if let problem = TokenKey.problem(kid) { throw AdminHTTP.badRequest("the key id \(problem)") }
            let body = try await AdminHTTP.body(RetireBody.self, from: request, limit: bodyLimit)
            let closed = try await AdminHTTP.store {
                try await moderation.retireTokenKey(kid, by: admin.user, reason: body?.reason ?? "")
            }
            return AdminHTTP.json(AdminJSON.RetiredKey(kid: kid, closed: closed))
        }
    }

    /// An optional `{"reason":"..."}`.
    struct RetireBody: Decodable {
        var reason: String?
    }

    /// The identity of an admin token. - Throws: 403 `token_forbidden_role` for any other role.
    @discardableResult
    static func requireAdmin(_ context: GatewayContext) throws -> Identity {
        let identity = try context.requireIdentity()
        do {
            try identity.require(.admin)
        } catch {
            throw APIError(error)
        }
        return identity
    }
}
