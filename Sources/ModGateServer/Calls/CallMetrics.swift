import Prometheus

/// What calls do, for an operator: how they end, which invites are refused and why, how many are up.
struct CallMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    /// Calls ringing or connected.
    let live: Gauge

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        live = registry.makeGauge(descriptor: GatewayMetrics.name("calls_live", help: "Calls ringing or connected"))
    }

    /// A call ended, `outcome` saying how (`completed`, `rejected`, `invite_timeout`, `banned`, ...); nil on the
    /// callee's gateway when the caller's counts it.
    func ended(_ outcome: String?) {
        live.decrement()
        guard let outcome else { return }
        registry.makeCounter(descriptor: Self.calls, labels: [("outcome", outcome)]).increment()
    }

    /// An invite was refused with `code`.
    func refused(_ code: String) {
        registry.makeCounter(descriptor: Self.refusals, labels: [("code", code)]).increment()
    }

    private static var calls: MetricNameDescriptor {
        GatewayMetrics.name("calls", unit: "total", help: "Calls ended, by outcome")
    }
    private static var refusals: MetricNameDescriptor {
        GatewayMetrics.name("call_invites_refused", unit: "total", help: "Call invites refused, by error code")
    }
}
