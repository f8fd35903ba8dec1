import Foundation
import Hummingbird
import ModGateAuth
import ModGateChain
import ModGateCore
import ModGateStorage

/// The admin API under /v1/admin (docs/admin-api.md): the review queue here, users, messages, rules and the
/// audit log in the extensions. Every route needs a moderator or admin token; revoking tokens needs an admin's.
struct AdminRoutes {
    let moderation: Moderation
    let reloader: RulesReloader
    /// The live calls' routes, on the same moderators' group.
    let calls: CallRoutes

    var gateway: Gateway { moderation.gateway }
    var store: any GatewayStore { moderation.gateway.store }
    var bodyLimit: Int { moderation.gateway.limits.maxFrameBytes }

    static let defaultLease = 300.0
    static let maxLease = 3600.0
    /// The most items one listing or one bulk decision covers.
    static let maxItems = 1000

    func add(to router: Router<GatewayContext>) {
        let admin = router.group("/v1/admin").add(middleware: ModeratorOnly())
        admin.get("/queue") { request, _ in
            let query = request.uri.queryParameters
            let status = try query.get("status").map { text in
                guard let status = ReviewStatus(rawValue: text) else {
                    throw AdminHTTP.badRequest("'status' is pending, approved or rejected, not '\(text)'")
                }
                return status
            } ?? .pending
            var limit = 100
            if let text = query.get("limit") {
                guard let value = Int(text), (1...Self.maxItems).contains(value) else {
                    throw AdminHTTP.badRequest("'limit' is a whole number from 1 to \(Self.maxItems)")
                }
                limit = value
            }
            let filter = try Filter(
                room: query.get("room"), rule: query.get("rule"), user: query.get("user"), olderThan: query.get("older_than"))
            return AdminHTTP.json(try await items(filter, status: status, limit: limit))
        }
        admin.get("/queue/:id") { _, context in
            AdminHTTP.json(try await detail(try AdminHTTP.messageID(context)))
        }
        admin.post("/queue/:id/claim") { request, context in
            let id = try AdminHTTP.messageID(context)
            let body = try await AdminHTTP.body(ClaimBody.self, from: request, limit: bodyLimit)
            let lease = try body?.lease.map { try AdminHTTP.duration($0, "lease") } ?? Self.defaultLease
            guard lease > 0, lease <= Self.maxLease else { throw AdminHTTP.badRequest("'lease' is at most 1h") }
            let user = try context.requireIdentity().user
            let item = try await AdminHTTP.store { try await moderation.claim(id, by: user, lease: lease) }
            return AdminHTTP.json(AdminJSON.QueueItem(item: item, message: try await store.moderatedMessage(id: id)))
        }
        admin.post("/queue/:id/approve") { request, context in
            let id = try AdminHTTP.messageID(context)
            let body = try await AdminHTTP.body(DecisionBody.self, from: request, limit: bodyLimit)
            let user = try context.requireIdentity().user
            let approved = try await AdminHTTP.store { try await moderation.approve(id, by: user, note: body?.note) }
            return AdminHTTP.json(AdminJSON.Decided(id: id, status: "approved", seq: approved.seq))
        }
        admin.post("/queue/:id/reject") { request, context in
            let id = try AdminHTTP.messageID(context)
            let body = try await AdminHTTP.body(DecisionBody.self, from: request, limit: bodyLimit)
            let user = try context.requireIdentity().user
            _ = try await AdminHTTP.store {
                try await moderation.reject(id, by: user, note: body?.note, reason: body?.reason)
            }
            return AdminHTTP.json(AdminJSON.Decided(id: id, status: "rejected"))
        }
        admin.post("/queue/decide") { request, context in
            guard let body = try await AdminHTTP.body(BulkBody.self, from: request, limit: bodyLimit) else {
                throw AdminHTTP.badRequest(#"send {"action":"approve","ids":[...]} or {"action":"reject","filter":{...}}"#)
            }
            return AdminHTTP.json(try await decide(body, by: try context.requireIdentity().user))
        }
        addOthers(to: admin)
        addTokens(to: admin)
        addTokenKeys(to: admin)
        calls.addAdmin(to: admin, bodyLimit: bodyLimit)
    }

    /// What the queue listing and bulk decisions select on.
    struct Filter: Decodable {
        var room: String?
        var rule: String?
        var user: String?
        var olderThan: String?

        private enum CodingKeys: String, CodingKey {
            case room, rule, user
            case olderThan = "older_than"
        }

        init(room: String?, rule: String?, user: String?, olderThan: String?) throws {
            (self.room, self.rule, self.user, self.olderThan) = (room, rule, user, olderThan)
            if let olderThan { _ = try AdminHTTP.duration(olderThan, "older_than") }
        }

        var isEmpty: Bool { room == nil && rule == nil && user == nil && olderThan == nil }
    }

    private struct ClaimBody: Decodable {
        var lease: String?
    }

    private struct DecisionBody: Decodable {
        var note: String?
        var reason: String?
    }

    private struct BulkBody: Decodable {
        var action: String
        var ids: [Int64]?
        var filter: Filter?
        var note: String?
        var reason: String?
    }

    private func reviewItems(_ filter: Filter, status: ReviewStatus?, limit: Int) async throws -> [ReviewItem] {
        let age = try filter.olderThan.map { try AdminHTTP.duration($0, "older_than") }
        return try await store.reviewItems(
            room: filter.room, rule: filter.rule, user: filter.user, olderThan: age.map { gateway.now() - $0 },
            status: status, limit: limit)
    }

    private func items(_ filter: Filter, status: ReviewStatus, limit: Int) async throws -> [AdminJSON.QueueItem] {
        let items = try await reviewItems(filter, status: status, limit: limit)
        let messages = try await store.moderatedMessages(ids: items.map(\.messageID))
        return items.map { AdminJSON.QueueItem(item: $0, message: messages[$0.messageID]) }
    }

    private func detail(_ id: Int64) async throws -> AdminJSON.QueueDetail {
        guard let item = try await store.reviewItem(messageID: id), let message = try await store.moderatedMessage(id: id) else {
            throw APIError(.notFound, code: "not_found", message: "no held message \(id): only held messages are reviewed")
        }
        let context = try await store.visibleMessages(in: item.room, before: item.createdAt, limit: 10)
        return AdminJSON.QueueDetail(
            item: AdminJSON.QueueItem(item: item, message: message),
            findings: message.findings.map { FindingReport($0, in: message.originalText) },
            history: try await history(of: item.user),
            context: context.map(ServerFrame.Msg.init),
            standing: try await standing(of: item.user))
    }

    private func decide(_ body: BulkBody, by moderator: String) async throws -> AdminJSON.BulkDecided {
        guard body.action == "approve" || body.action == "reject" else {
            throw AdminHTTP.badRequest("'action' is approve or reject, not '\(body.action)'")
        }
        var ids: [Int64]
        var more = false
        switch (body.ids, body.filter) {
        case (let given?, nil):
            guard given.count <= Self.maxItems else {
                throw APIError(
                    .badRequest, code: "too_many",
                    message: "\(given.count) ids; one call decides at most \(Self.maxItems): split the list")
            }
            ids = given
        case (nil, let filter?):
            guard !filter.isEmpty else {
                throw AdminHTTP.badRequest("the filter needs at least one of room, rule, user, older_than")
            }
            let found = try await reviewItems(filter, status: .pending, limit: Self.maxItems + 1)
            more = found.count > Self.maxItems
            ids = found.prefix(Self.maxItems).map(\.messageID)
        default:
            throw AdminHTTP.badRequest("give either 'ids' or 'filter'")
        }
        let outcome = await moderation.decide(
            ids, approve: body.action == "approve", by: moderator, note: body.note, reason: body.reason)
        return AdminJSON.BulkDecided(
            decided: outcome.decided,
            failed: outcome.failed.map { failure in
                let error = AdminHTTP.apiError(failure.error)
                return .init(id: failure.id, code: error.code, message: error.message)
            },
            more: more)
    }

    /// The user's latest messages with their verdicts, newest first.
    func history(of user: String) async throws -> [AdminJSON.HistoryEntry] {
        try await store.userHistory(user: user, limit: 20).map(AdminJSON.HistoryEntry.init)
    }

    /// The user's trust as the chain sees it now, and sanctions in force.
    func standing(of user: String) async throws -> AdminJSON.Standing {
        let now = gateway.now()
        let stored = await store.standings.standing(of: user)
        let trust = stored.map { stored in gateway.chain.chain.reputation.map { $0.model.decayed(stored, to: now).trust } ?? stored.trust }
        let sanction = try await gateway.sanctions.sanction(of: user)
        return AdminJSON.Standing(
            trust: trust, firstSeen: stored?.firstSeen, mutedUntil: sanction.mutedUntil.flatMap { $0 > now ? $0 : nil },
            banned: sanction.banned)
    }
}
