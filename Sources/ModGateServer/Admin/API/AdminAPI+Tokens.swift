import ModGateAPI
import ModGateAuth
import ModGateStorage

/// What `POST /v1/admin/tokens/revoke` asks for.
extension AdminAPI {
    static let revokeUsage = #"say what to revoke: {"user":"ID"} for every token of a user issued until now, or {"id":"JTI"} for one token"#

    /// The revocation `body` asks for at `now`. - Throws: 400 `bad_request` unless it names exactly one usable target.
    static func revocation(_ body: Components.Schemas.RevokeBody, now: Double) throws -> Revocation {
        switch (body.user, body.id) {
        case (let user?, nil):
            if let problem = UserID.problem(user) { throw AdminHTTP.badRequest("'user': \(problem)") }
            return .user(user, at: now)
        case (nil, let id?):
            if let problem = TokenID.problem(id) {
                throw AdminHTTP.badRequest("'id' (a token id, the jti that `modgate token issue` prints) \(problem)")
            }
            return .token(id: id, at: now)
        case (_?, _?): throw AdminHTTP.badRequest("give either 'user' or 'id', not both")
        case (nil, nil): throw AdminHTTP.badRequest(revokeUsage)
        }
    }
}

extension Components.Schemas.Revoked {
    /// What was revoked, and how many connections this gateway closed (the others close theirs when they hear of it).
    init(_ revocation: Revocation, closed: Int) {
        switch revocation {
        case .user(let user, let at): self.init(revoked: .user, user: user, issuedBefore: at, closed: closed)
        case .token(let id, _): self.init(revoked: .token, id: id, closed: closed)
        }
    }
}

/// The signing keys: list, rotate, retire (admins only, as everything under /v1/admin/tokens/: `OpenAPIAdapter`).
extension AdminAPI {
    func listTokenKeys(_ input: Operations.ListTokenKeys.Input) async throws -> Operations.ListTokenKeys.Output {
        let keys = routes.gateway.tokenKeys.signer.keys
        let signing = keys.signing.id
        let newestFirst = keys.live.values.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        return .ok(.init(body: .json(.init(keys: newestFirst.map { Components.Schemas.TokenKey($0, signing: $0.id == signing) }))))
    }

    func rotateTokenKey(_ input: Operations.RotateTokenKey.Input) async throws -> Operations.RotateTokenKey.Output {
        let admin = try AdminCaller.identity().user
        let key = try await AdminHTTP.store { try await routes.moderation.rotateTokenKey(by: admin) }
        return .ok(.init(body: .json(.init(key, signing: true))))
    }

    func retireTokenKey(_ input: Operations.RetireTokenKey.Input) async throws -> Operations.RetireTokenKey.Output {
        let admin = try AdminCaller.identity().user
        let kid = input.path.kid
        if let problem = TokenKey.problem(kid) { throw AdminHTTP.badRequest("the key id \(problem)") }
        let reason: String? = switch input.body { case .json(let body)?: body.reason; case nil: nil }
        let closed = try await AdminHTTP.store {
            try await routes.moderation.retireTokenKey(kid, by: admin, reason: reason ?? "")
        }
        return .ok(.init(body: .json(.init(kid: kid, retired: true, closed: closed))))
    }
}

extension Components.Schemas.TokenKey {
    /// A live key as the listing and a rotation show it; its creation time in whole seconds.
    init(_ key: TokenKey, signing: Bool) {
        self.init(kid: key.id, createdAt: key.created.rounded(.down), signing: signing)
    }
}
