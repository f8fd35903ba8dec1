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
    /// The connection caps, the HTTP timeouts and the room sequencer.
    let limits: LimitMetrics
    /// The link to the other gateways sharing the store.
    let cluster: ClusterMetrics
    /// How calls end, which invites are refused, how many are up.
    let calls: CallMetrics
    private let refusalsCounted: Counter
    private let fallbacks: [String: Counter]

    /// - Parameter stages: the chain's stage names, one latency histogram each.
    public init(stages: [String]) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let latency: [Duration] = [.microseconds(1), .microseconds(5), .microseconds(20), .microseconds(100),
            .milliseconds(1), .milliseconds(10), .milliseconds(100)]
        let messages = Self.name("messages", unit: "total", help: "Messages judged, by verdict")
        verdicts = Dictionary(uniqueKeysWithValues: Action.allCases.map { action in
            (action, registry.makeCounter(descriptor: messages, labels: [("verdict", action.rawValue)]))
        })
        let stageLatency = Self.name("stage", unit: "seconds", help: "Time one message spends in a stage")
        self.stages = Dictionary(uniqueKeysWithValues: stages.map { stage in
            (stage, registry.makeDurationHistogram(descriptor: stageLatency, labels: [("stage", stage)], buckets: latency))
        })
        commitLatency = registry.makeDurationHistogram(
            descriptor: Self.name("commit", unit: "seconds", help: "Time from a message's arrival at the writer to its durable commit"),
            buckets: [.microseconds(100), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                .milliseconds(50), .milliseconds(250)])
        commitBatch = registry.makeValueHistogram(
            descriptor: Self.name("commit_batch", unit: "messages", help: "Messages per transaction (group commit)"),
            buckets: [1, 2, 4, 16, 64, 256, 1024])
        connections = registry.makeGauge(descriptor: Self.name("connections", help: "Open WebSocket connections"))
        reviewQueue = registry.makeGauge(
            descriptor: Self.name("review_queue", unit: "depth", help: "Held messages waiting for a moderator"))
        refusedFrames = registry.makeCounter(
            descriptor: Self.name("refused_frames", unit: "total", help: "Client frames refused as invalid"))
        limits = LimitMetrics(registry: registry)
        cluster = ClusterMetrics(registry: registry)
        calls = CallMetrics(registry: registry)
        refusalsCounted = registry.makeCounter(
            descriptor: Self.name(
                "refusals_counted", unit: "total", help: "Refused messages past their sender's allowance, counted instead of stored"))
        let fallbacks = Self.name(
            "stage_fallbacks", unit: "total", help: "Messages a stage could not judge (a failed RE2 rules scan), by stage")
        self.fallbacks = Dictionary(uniqueKeysWithValues: stages.map { stage in
            (stage, registry.makeCounter(descriptor: fallbacks, labels: [("stage", stage)]))
        })
    }

    /// `modgate_NAME_UNIT`, with its help text.
    static func name(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "modgate", metricName: name, unitName: unit, helpText: help)
    }

    public func stage(_ name: String, took duration: Duration) { stages[name]?.record(duration) }

    func judged(_ action: Action) { verdicts[action]?.increment() }

    /// A refusal past its sender's allowance was counted instead of stored.
    func countedRefusal() { refusalsCounted.increment() }

    /// Stage `stage` applied its fallback to a message it could not judge.
    func fellBack(stage: String) { fallbacks[stage]?.increment() }

    func committed(batch: Int, took duration: Duration) {
        commitBatch.record(Double(batch))
        commitLatency.record(duration)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
