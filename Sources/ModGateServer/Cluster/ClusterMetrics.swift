import Prometheus

/// What the cluster link does, for an operator watching several gateways on one store.
struct ClusterMetrics: Sendable {
    /// 1 while the channel listens, 0 while it reconnects.
    let listening: Gauge
    /// Notices from other gateways, applied.
    let notices: Counter
    /// Catch-ups: a room's messages read back from the store (after a notice, a gap or a reconnect).
    let catchUps: Counter
    /// Messages of other gateways delivered here.
    let delivered: Counter

    init(registry: PrometheusCollectorRegistry) {
        listening = registry.makeGauge(
            descriptor: GatewayMetrics.name("cluster_listening", help: "1 while the cluster channel listens, 0 while it reconnects"))
        notices = registry.makeCounter(
            descriptor: GatewayMetrics.name("cluster_notices", unit: "total", help: "Notices from other gateways applied here"))
        catchUps = registry.makeCounter(
            descriptor: GatewayMetrics.name("cluster_catch_ups", unit: "total", help: "Rooms caught up from the store"))
        delivered = registry.makeCounter(
            descriptor: GatewayMetrics.name(
                "cluster_delivered", unit: "total", help: "Messages other gateways committed, delivered to subscribers here"))
    }
}
