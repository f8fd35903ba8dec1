import HTTPTypes
import ModGateAPI
import ModGateAuth
import ModGateRules
import ModGateStorage

/// The admin routes whose requests and answers swift-openapi-generator's code (ModGateAPI) reads and writes: each
/// handler takes the decoded input, calls the moderation logic and returns the generated answer; a refusal is thrown
/// as an `APIError`. `OpenAPIAdapter` runs in front of them.
struct AdminAPI: APIProtocol {
    let routes: AdminRoutes

    func listCalls(_ input: Operations.ListCalls.Input) async throws -> Operations.ListCalls.Output {
        .ok(.init(body: .json(.init(calls: routes.calls.calls.live.map(Components.Schemas.Call.init)))))
    }

    func endCall(_ input: Operations.EndCall.Input) async throws -> Operations.EndCall.Output {
        let id = input.path.id
        let moderator = try AdminCaller.identity().user
        let reason: String? = switch input.body { case .json(let body)?: body.reason; case nil: nil }
        guard await routes.calls.calls.end(call: id, by: moderator, reason: reason ?? "") else {
            throw APIError(.notFound, code: "not_found", message: "no call '\(id)' is up; GET /v1/admin/calls lists the live ones")
        }
        return .ok(.init(body: .json(.init(callId: id, status: .ended))))
    }

    func revokeTokens(_ input: Operations.RevokeTokens.Input) async throws -> Operations.RevokeTokens.Output {
        let admin = try AdminCaller.identity().user
        let body = switch input.body { case .json(let body): body }
        let revocation = try Self.revocation(body, now: routes.gateway.now())
        let closed = try await AdminHTTP.store {
            try await routes.moderation.revoke(revocation, by: admin, reason: body.reason ?? "")
        }
        return .ok(.init(body: .json(.init(revocation, closed: closed))))
    }

    func reloadRules(_ input: Operations.ReloadRules.Input) async throws -> Operations.ReloadRules.Output {
        let moderator = try AdminCaller.identity().user
        switch await routes.reloader.reload(by: moderator, trigger: RulesReloader.adminTrigger) {
        case .success(let rules):
            let enabled = rules.rules.filter(\.definition.enabled).count
            return .ok(.init(body: .json(.init(rules: rules.rules.count, enabled: enabled, digest: rules.digest))))
        case .failure(.invalid(let error)):
            throw RulesInvalid(error: error)
        case .failure(.notAudited(let cause)):
            throw APIError(
                .serviceUnavailable, code: "not_audited",
                message: "the rules load but their reload could not be audited (\(cause)); the rules in force stay in force")
        }
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let after = input.query.after ?? 0
        guard after >= 0 else { throw AdminHTTP.badRequest("'after' is an audit entry id, 0 or more") }
        let limit = input.query.limit ?? 100
        guard (1...AdminRoutes.maxItems).contains(limit) else {
            throw AdminHTTP.badRequest("'limit' is a whole number from 1 to \(AdminRoutes.maxItems)")
        }
        let entries = try await AdminHTTP.store { try await routes.store.auditEntries(after: after, limit: limit) }
        return .ok(.init(body: .json(entries.map(Components.Schemas.AuditEntry.init))))
    }
}
