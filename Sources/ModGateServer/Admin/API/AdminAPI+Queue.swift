import HTTPTypes
import ModGateAPI
import ModGateAuth
import ModGateStorage

/// The review queue.
extension AdminAPI {
    func listQueue(_ input: Operations.ListQueue.Input) async throws -> Operations.ListQueue.Output {
        let query = input.query
        let limit = query.limit ?? 100
        guard (1...AdminRoutes.maxItems).contains(limit) else {
            throw AdminHTTP.badRequest("'limit' is a whole number from 1 to \(AdminRoutes.maxItems)")
        }
        let filter = try AdminRoutes.Filter(room: query.room, rule: query.rule, user: query.user, olderThan: query.olderThan)
        let items = try await routes.items(filter, status: ReviewStatus(query.status ?? .pending), limit: limit)
        return .ok(.init(body: .json(items)))
    }

    func getQueueItem(_ input: Operations.GetQueueItem.Input) async throws -> Operations.GetQueueItem.Output {
        .ok(.init(body: .json(try await routes.detail(try AdminHTTP.messageID(input.path.id)))))
    }

    func claimQueueItem(_ input: Operations.ClaimQueueItem.Input) async throws -> Operations.ClaimQueueItem.Output {
        let id = try AdminHTTP.messageID(input.path.id)
        let text: String? = switch input.body { case .json(let body)?: body.lease; case nil: nil }
        let lease = try text.map { try AdminHTTP.duration($0, "lease") } ?? AdminRoutes.defaultLease
        guard lease > 0, lease <= AdminRoutes.maxLease else { throw AdminHTTP.badRequest("'lease' is at most 1h") }
        let moderator = try AdminCaller.identity().user
        let item = try await AdminHTTP.store { try await routes.moderation.claim(id, by: moderator, lease: lease) }
        let message = try await AdminHTTP.store { try await routes.store.moderatedMessage(id: id) }
        return .ok(.init(body: .json(.init(item, message: message))))
    }

    func approveQueueItem(_ input: Operations.ApproveQueueItem.Input) async throws -> Operations.ApproveQueueItem.Output {
        let id = try AdminHTTP.messageID(input.path.id)
        let note: String? = switch input.body { case .json(let body)?: body.note; case nil: nil }
        let moderator = try AdminCaller.identity().user
        let approved = try await AdminHTTP.store { try await routes.moderation.approve(id, by: moderator, note: note) }
        return .ok(.init(body: .json(.init(id: id, status: .approved, seq: approved.seq))))
    }

    func rejectQueueItem(_ input: Operations.RejectQueueItem.Input) async throws -> Operations.RejectQueueItem.Output {
        let id = try AdminHTTP.messageID(input.path.id)
        let body: Operations.RejectQueueItem.Input.Body.JsonPayload? = switch input.body { case .json(let body)?: body; case nil: nil }
        let moderator = try AdminCaller.identity().user
        _ = try await AdminHTTP.store {
            try await routes.moderation.reject(id, by: moderator, note: body?.note, reason: body?.reason)
        }
        return .ok(.init(body: .json(.init(id: id, status: .rejected))))
    }

    func decideQueueItems(_ input: Operations.DecideQueueItems.Input) async throws -> Operations.DecideQueueItems.Output {
        let body = switch input.body { case .json(let body): body }
        let (ids, more) = try await selection(body)
        let outcome = await routes.moderation.decide(
            ids, approve: body.action == .approve, by: try AdminCaller.identity().user, note: body.note, reason: body.reason)
        let failed = outcome.failed.map { failure in
            let error = AdminHTTP.apiError(failure.error)
            return Components.Schemas.BulkDecided.FailedPayloadPayload(
                id: failure.id, code: .init(rawValue: error.code) ?? .unavailable, message: error.message)
        }
        return .ok(.init(body: .json(.init(decided: outcome.decided, failed: failed, more: more))))
    }

    /// The ids a bulk decision covers, and whether its filter matched more than one call decides.
    private func selection(_ body: Components.Schemas.DecideBody) async throws -> (ids: [Int64], more: Bool) {
        switch (body.ids, body.filter) {
        case (let given?, nil):
            guard given.count <= AdminRoutes.maxItems else {
                throw APIError(
                    .badRequest, code: "too_many",
                    message: "\(given.count) ids; one call decides at most \(AdminRoutes.maxItems): split the list")
            }
            return (given, false)
        case (nil, let given?):
            let filter = try AdminRoutes.Filter(room: given.room, rule: given.rule, user: given.user, olderThan: given.olderThan)
            guard !filter.isEmpty else { throw AdminHTTP.badRequest("the filter needs at least one of room, rule, user, older_than") }
            let found = try await routes.reviewItems(filter, status: .pending, limit: AdminRoutes.maxItems + 1)
            return (found.prefix(AdminRoutes.maxItems).map(\.messageID), found.count > AdminRoutes.maxItems)
        default:
            throw AdminHTTP.badRequest("give either 'ids' or 'filter'")
        }
    }
}
