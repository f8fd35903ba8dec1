import Prometheus

/// What the connection caps, the HTTP timeouts and the room sequencer's forgetting did.
struct LimitMetrics: Sendable {
    /// Open TCP connections, HTTP and WebSocket alike.
    let openConnections: Gauge
    /// Connections refused past `max_connections`.
    let refusedConnections: Counter
    /// WebSockets closed with 4029 past `max_connections_per_user`.
    let refusedSessions: Counter
    /// Connections closed because their first request's headers took longer than `header_timeout`.
    let headerTimeouts: Counter
    /// Connections whose TLS handshake failed: plain HTTP on the TLS port, an old TLS version, a scanner.
    let failedHandshakes: Counter
    /// Rooms whose last sequence number the sequencer keeps.
    let sequencerRooms: Gauge
    /// Idle rooms the sequencer forgot (each learns its number again from the store when it is next used).
    let forgottenRooms: Counter

    init(registry: PrometheusCollectorRegistry) {
        openConnections = registry.makeGauge(descriptor: GatewayMetrics.name("http_connections", help: "Open TCP connections, HTTP and WebSocket"))
        refusedConnections = registry.makeCounter(
            descriptor: GatewayMetrics.name("refused_connections", unit: "total", help: "Connections refused with 503 past server.max_connections"))
        refusedSessions = registry.makeCounter(
            descriptor: GatewayMetrics.name(
                "refused_sessions", unit: "total", help: "WebSockets closed with 4029 past server.max_connections_per_user"))
        headerTimeouts = registry.makeCounter(
            descriptor: GatewayMetrics.name("header_timeouts", unit: "total", help: "Connections closed for not sending their headers in time"))
        failedHandshakes = registry.makeCounter(
            descriptor: GatewayMetrics.name(
                "tls_handshake_failures", unit: "total", help: "Connections closed because their TLS handshake failed"))
        sequencerRooms = registry.makeGauge(descriptor: GatewayMetrics.name("sequencer_rooms", help: "Rooms the sequencer keeps a number for"))
        forgottenRooms = registry.makeCounter(
            descriptor: GatewayMetrics.name("sequencer_forgotten_rooms", unit: "total", help: "Idle rooms the sequencer forgot"))
    }
}
