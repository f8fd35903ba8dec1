import ModGateAPI
import ModGateAuth

/// Messages and users.
extension AdminAPI {
    func removeMessage(_ input: Operations.RemoveMessage.Input) async throws -> Operations.RemoveMessage.Output {
        let id = try AdminHTTP.messageID(input.path.id)
        let reason = switch input.body { case .json(let body): body.reason }
        guard !reason.isEmpty else { throw AdminHTTP.badRequest(#"say why: {"reason":"..."}"#) }
        let moderator = try AdminCaller.identity().user
        _ = try await AdminHTTP.store { try await routes.moderation.remove(id, by: moderator, reason: reason) }
        return .ok(.init(body: .json(.init(id: id, status: .removed))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        let user = try AdminHTTP.userID(input.path.id)
        let standing = try await routes.standing(of: user)
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: user, trust: standing.trust, firstSeen: standing.firstSeen, mutedUntil: standing.mutedUntil,
                        banned: standing.banned, history: try await routes.history(of: user)))))
    }

    func muteUser(_ input: Operations.MuteUser.Input) async throws -> Operations.MuteUser.Output {
        let user = try AdminHTTP.userID(input.path.id)
        let body = switch input.body { case .json(let body): body }
        let seconds = try AdminHTTP.duration(body._for, "for")
        guard seconds > 0 else { throw AdminHTTP.badRequest("'for' must be longer than 0s; unban lifts a mute") }
        let moderator = try AdminCaller.identity().user
        let until = try await AdminHTTP.store {
            try await routes.moderation.mute(user, for: seconds, by: moderator, reason: body.reason ?? "")
        }
        return .ok(.init(body: .json(.init(id: user, mutedUntil: until))))
    }

    func banUser(_ input: Operations.BanUser.Input) async throws -> Operations.BanUser.Output {
        let user = try AdminHTTP.userID(input.path.id)
        let moderator = try AdminCaller.identity().user
        let reason: String? = switch input.body { case .json(let body)?: body.reason; case nil: nil }
        try await AdminHTTP.store { try await routes.moderation.ban(user, by: moderator, reason: reason ?? "") }
        return .ok(.init(body: .json(.init(id: user, banned: true))))
    }

    func unbanUser(_ input: Operations.UnbanUser.Input) async throws -> Operations.UnbanUser.Output {
        let user = try AdminHTTP.userID(input.path.id)
        let moderator = try AdminCaller.identity().user
        let reason: String? = switch input.body { case .json(let body)?: body.reason; case nil: nil }
        try await AdminHTTP.store { try await routes.moderation.unban(user, by: moderator, reason: reason ?? "") }
        return .ok(.init(body: .json(.init(id: user, banned: false))))
    }
}
