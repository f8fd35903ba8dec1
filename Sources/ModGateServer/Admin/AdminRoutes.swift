import Foundation
import Hummingbird
import ModGateAPI
import ModGateAuth
import ModGateChain
import ModGateCore
import ModGateStorage
import OpenAPIHummingbird
import OpenAPIRuntime

/// The admin API under /v1/admin (docs/admin-api.md, Sources/ModGateAPI/openapi.yaml): its routes are the generated
/// server's, answered by ``AdminAPI``; this holds the reads they share. Every route needs a moderator or admin token;
/// the token routes need an admin's.
struct AdminRoutes {
    let moderation: Moderation
    let reloader: RulesReloader
    /// The live calls, which moderators list and end.
    let calls: CallRoutes

    var gateway: Gateway { moderation.gateway }
    var store: any GatewayStore { moderation.gateway.store }
    var bodyLimit: Int { moderation.gateway.limits.maxFrameBytes }

    static let defaultLease = 300.0
    static let maxLease = 3600.0
    /// The most items one listing or one bulk decision covers.
    static let maxItems = 1000

    func add(to router: Router<GatewayContext>) throws {
        let admin = router.group().add(middleware: ModeratorOnly()).add(middleware: OpenAPIAdapter(bodyLimit: bodyLimit))
        // Compact JSON, as every other answer of the gateway (the runtime's default is pretty-printed).
        try AdminAPI(routes: self).registerHandlers(
            on: admin, configuration: .init(jsonEncodingOptions: [.withoutEscapingSlashes]),
            middlewares: [RequestNormalizer(limit: bodyLimit)])
    }

    /// What the queue listing and bulk decisions select on; `olderThan` is checked to be a duration.
    struct Filter {
        var room: String?
        var rule: String?
        var user: String?
        var olderThan: String?

        init(room: String?, rule: String?, user: String?, olderThan: String?) throws {
            (self.room, self.rule, self.user, self.olderThan) = (room, rule, user, olderThan)
            if let olderThan { _ = try AdminHTTP.duration(olderThan, "older_than") }
        }

        var isEmpty: Bool { room == nil && rule == nil && user == nil && olderThan == nil }
    }

    func reviewItems(_ filter: Filter, status: ReviewStatus?, limit: Int) async throws -> [ReviewItem] {
        let age = try filter.olderThan.map { try AdminHTTP.duration($0, "older_than") }
        return try await AdminHTTP.store {
            try await store.reviewItems(
                room: filter.room, rule: filter.rule, user: filter.user, olderThan: age.map { gateway.now() - $0 },
                status: status, limit: limit)
        }
    }

    func items(_ filter: Filter, status: ReviewStatus, limit: Int) async throws -> [Components.Schemas.QueueItem] {
        let items = try await reviewItems(filter, status: status, limit: limit)
        let messages = try await AdminHTTP.store { try await store.moderatedMessages(ids: items.map(\.messageID)) }
        return items.map { Components.Schemas.QueueItem($0, message: messages[$0.messageID]) }
    }

    func detail(_ id: Int64) async throws -> Components.Schemas.QueueDetail {
        guard let item = try await AdminHTTP.store({ try await store.reviewItem(messageID: id) }),
            let message = try await AdminHTTP.store({ try await store.moderatedMessage(id: id) })
        else {
            throw APIError(.notFound, code: "not_found", message: "no held message \(id): only held messages are reviewed")
        }
        let context = try await AdminHTTP.store { try await store.visibleMessages(in: item.room, before: item.createdAt, limit: 10) }
        return Components.Schemas.QueueDetail(
            item: .init(item, message: message),
            findings: message.findings.map { Components.Schemas.Finding(FindingReport($0, in: message.originalText)) },
            history: try await history(of: item.user),
            context: context.map { Components.Schemas.Msg(ServerFrame.Msg($0)) },
            standing: try await standing(of: item.user))
    }

    /// The user's latest messages with their verdicts, newest first.
    func history(of user: String) async throws -> [Components.Schemas.HistoryEntry] {
        try await AdminHTTP.store { try await store.userHistory(user: user, limit: 20) }.map(Components.Schemas.HistoryEntry.init)
    }

    /// The user's trust as the chain sees it now, and sanctions in force.
    func standing(of user: String) async throws -> Components.Schemas.Standing {
        let now = gateway.now()
        let stored = await store.standings.standing(of: user)
        let trust = stored.map { stored in gateway.chain.chain.reputation.map { $0.model.decayed(stored, to: now).trust } ?? stored.trust }
        let sanction = try await AdminHTTP.store { try await gateway.sanctions.sanction(of: user) }
        return .init(
            trust: trust, firstSeen: stored?.firstSeen, mutedUntil: sanction.mutedUntil.flatMap { $0 > now ? $0 : nil },
            banned: sanction.banned)
    }
}
