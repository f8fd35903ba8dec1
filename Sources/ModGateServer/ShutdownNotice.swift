import ServiceLifecycle

/// Closes every WebSocket with 1001 "going away" when shutdown begins, before the server drains
/// (hummingbird-websocket on its own would close them with 1000).
struct ShutdownNotice: Service {
    let hub: DeliveryHub

    func run() async throws {
        try? await gracefulShutdown()
        hub.closeAll()
    }
}
