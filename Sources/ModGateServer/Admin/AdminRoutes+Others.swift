import Hummingbird
import ModGateAuth
import ModGateStorage

/// Messages and users.
extension AdminRoutes {
    func addOthers(to admin: RouterGroup<GatewayContext>) {
        admin.post("/messages/:id/remove") { request, context in
            let id = try AdminHTTP.messageID(context)
            let body = try await AdminHTTP.body(ReasonBody.self, from: request, limit: bodyLimit)
            guard let reason = body?.reason, !reason.isEmpty else {
                throw AdminHTTP.badRequest(#"say why: {"reason":"..."}"#)
            }
            let user = try context.requireIdentity().user
            _ = try await AdminHTTP.store { try await moderation.remove(id, by: user, reason: reason) }
            return AdminHTTP.json(AdminJSON.Decided(id: id, status: "removed"))
        }
        admin.get("/users/:id") { _, context in
            let user = try AdminHTTP.userID(context)
            return AdminHTTP.json(
                AdminJSON.User(id: user, standing: try await standing(of: user), history: try await history(of: user)))
        }
        admin.post("/users/:id/mute") { request, context in
            let user = try AdminHTTP.userID(context)
            let body = try await AdminHTTP.body(MuteBody.self, from: request, limit: bodyLimit)
            guard let length = body?.for else { throw AdminHTTP.badRequest(#"say how long: {"for":"10m"}"#) }
            let seconds = try AdminHTTP.duration(length, "for")
            guard seconds > 0 else { throw AdminHTTP.badRequest("'for' must be longer than 0s; unban lifts a mute") }
            let moderator = try context.requireIdentity().user
            let until = try await AdminHTTP.store {
                try await moderation.mute(user, for: seconds, by: moderator, reason: body?.reason ?? "")
            }
            return AdminHTTP.json(AdminJSON.Sanctioned(id: user, mutedUntil: .some(until)))
        }
        admin.post("/users/:id/ban") { request, context in
            let user = try AdminHTTP.userID(context)
            let body = try await AdminHTTP.body(ReasonBody.self, from: request, limit: bodyLimit)
            let moderator = try context.requireIdentity().user
            try await AdminHTTP.store { try await moderation.ban(user, by: moderator, reason: body?.reason ?? "") }
            return AdminHTTP.json(AdminJSON.Sanctioned(id: user, banned: true))
        }
        admin.post("/users/:id/unban") { request, context in
            let user = try AdminHTTP.userID(context)
            let body = try await AdminHTTP.body(ReasonBody.self, from: request, limit: bodyLimit)
            let moderator = try context.requireIdentity().user
            try await AdminHTTP.store { try await moderation.unban(user, by: moderator, reason: body?.reason ?? "") }
            return AdminHTTP.json(AdminJSON.Sanctioned(id: user, mutedUntil: .some(nil), banned: false))
        }
    }

    struct ReasonBody: Decodable {
        var reason: String?
    }

    private struct MuteBody: Decodable {
        var `for`: String?
        var reason: String?
    }
}
