import Hummingbird
import ModGateAuth

/// The HTTP side of calls: the ICE servers any client asks for, and the live calls moderators list and end.
struct CallRoutes {
    let calls: CallSwitchboard
    let iceServers: IceServers

    /// `GET /v1/calls/ice-servers`, for any valid token: `{"iceServers":[...]}`, never cached (it holds credentials).
    func add(to router: Router<GatewayContext>) {
        router.get("/v1/calls/ice-servers") { _, context in
            let user = try context.requireIdentity().user
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: iceServers.body(for: user, at: calls.now()))))
        }
    }

    /// `GET /v1/admin/calls` and `POST /v1/admin/calls/{id}/end`, on the moderators' group.
    func addAdmin(to admin: RouterGroup<GatewayContext>, bodyLimit: Int) {
        admin.get("/calls") { _, _ in
            AdminHTTP.json(CallList(calls: calls.live.map(CallJSON.init)))
        }
        admin.post("/calls/:id/end") { request, context in
            let id = context.parameters.get("id") ?? ""
            let body = try await AdminHTTP.body(AdminRoutes.ReasonBody.self, from: request, limit: bodyLimit)
            let moderator = try context.requireIdentity().user
            guard await calls.end(call: id, by: moderator, reason: body?.reason ?? "") else {
                throw APIError(.notFound, code: "not_found", message: "no call '\(id)' is up; GET /v1/admin/calls lists the live ones")
            }
            return AdminHTTP.json(Ended(callID: id))
        }
    }

    private struct CallList: Encodable {
        var calls: [CallJSON]
    }

    /// A live call in the admin API: `{"call_id","room","caller","callee","state","invited","answered"}`.
    private struct CallJSON: Encodable {
        var callID: String
        var room: String
        var caller: String
        var callee: String
        var state: String
        var invited: Double
        var answered: Double?

        init(_ call: LiveCall) {
            (callID, room, caller, callee, state) = (call.id, call.room, call.caller, call.callee, call.state)
            (invited, answered) = (call.invited, call.answered)
        }

        enum CodingKeys: String, CodingKey {
            case room, caller, callee, state, invited, answered
            case callID = "call_id"
        }
    }

    private struct Ended: Encodable {
        var callID: String
        var status = "ended"

        enum CodingKeys: String, CodingKey {
            case status
            case callID = "call_id"
        }
    }
}
