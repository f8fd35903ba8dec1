import Logging
import ServiceLifecycle

/// Socket.IO at `/socket.io/`: the Engine.IO sessions, and the service that runs each one's task and its
/// heartbeat. Its transports are ``SocketIOPolling`` (HTTP long-polling) and ``SocketIOWebSocket``.
struct SocketIOService: Service {
    static let path = "/socket.io"

    /// Whether `path` is Socket.IO's, with or without the trailing slash clients send.
    static func serves(_ path: String) -> Bool { path == Self.path || path == Self.path + "/" }

    let sessions: EngineSessions
    let gateway: Gateway
    let authenticator: TokenAuthenticator
    let gate: ConnectionGate
    let logger: Logger
    /// How often the heartbeat looks for pings due and sessions that stopped answering.
    var tick = Duration.seconds(1)

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while (try? await Task.sleep(for: tick)) != nil { await sessions.tick(at: sessions.now()) }
                }
            }
            group.addTask {
                try? await gracefulShutdown()
                // Every session ends with a close packet: clients reconnect once the gateway is back.
                sessions.closeAll()
            }
            for await engine in sessions.started {
                group.addTask {
                    await SocketIOSession(engine: engine, gateway: gateway, authenticator: authenticator, gate: gate, logger: logger).run()
                    // A polling client still gets its last packets (a ban's disconnect) on its next GET.
                    await engine.outbox.delivered()
                    sessions.remove(engine)
                }
            }
        }
    }
}

