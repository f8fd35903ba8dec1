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
