import ModGateCore
import Prometheus

/// The gateway's Prometheus metrics, served as text on GET /metrics.
public final class GatewayMetrics: PipelineObserver {
    public let registry: PrometheusCollectorRegistry
    private let verdicts: [Action: Counter]
    private let stages: [String: DurationHistogram]
    private let commitLatency: DurationHistogram
    private let commitBatch: ValueHistogram
    let connections: Gauge
    let reviewQueue: Gauge
    let refusedFrames: Counter

    /// - Parameter stages: the chain's stage names, one latency histogram each.
    public init(stages: [String]) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let latency: [Duration] = [.microseconds(1), .microseconds(5), .microseconds(20), .microseconds(100),
            .milliseconds(1), .milliseconds(10), .milliseconds(100)]
        verdicts = Dictionary(uniqueKeysWithValues: Action.allCases.map { action in
            (action, registry.makeCounter(name: "modgate_messages_total", labels: [("verdict", action.rawValue)],
                help: "Messages judged, by verdict"))
        })
        self.stages = Dictionary(uniqueKeysWithValues: stages.map { stage in
            (stage, registry.makeDurationHistogram(name: "modgate_stage_seconds", labels: [("stage", stage)],
                buckets: latency, help: "Time one message spends in a stage"))
        })
        commitLatency = registry.makeDurationHistogram(
            name: "modgate_commit_seconds",
            buckets: [.microseconds(100), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                .milliseconds(50), .milliseconds(250)],
            help: "Time from a message's arrival at the writer to its durable commit")
        commitBatch = registry.makeValueHistogram(
            name: "modgate_commit_batch_messages", buckets: [1, 2, 4, 16, 64, 256, 1024],
            help: "Messages per transaction (group commit)")
        connections = registry.makeGauge(name: "modgate_connections", help: "Open WebSocket connections")
        reviewQueue = registry.makeGauge(name: "modgate_review_queue_depth", help: "Held messages waiting for a moderator")
        refusedFrames = registry.makeCounter(name: "modgate_refused_frames_total", help: "Client frames refused as invalid")
    }

    public func stage(_ name: String, took duration: Duration) { stages[name]?.record(duration) }

    func judged(_ action: Action) { verdicts[action]?.increment() }

    func committed(batch: Int, took duration: Duration) {
        commitBatch.record(Double(batch))
        commitLatency.record(duration)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
