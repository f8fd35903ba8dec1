import Hummingbird
import ModGateAuth

/// The HTTP side of calls: the ICE servers any client asks for (moderators list and end calls through ``AdminAPI``).
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
}
