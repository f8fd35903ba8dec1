/// The moderation chain: stages in order, then the verdict policy.
public struct Pipeline: Sendable {
    /// The stages, cheap ones first.
    public var stages: [any ModerationStage]
    /// How findings become a verdict.
    public var policy: VerdictPolicy
    /// Told how long each stage took, when set (the gateway's latency histograms).
    public var observer: (any PipelineObserver)?

    public init(stages: [any ModerationStage], policy: VerdictPolicy = VerdictPolicy()) {
        self.stages = stages
        self.policy = policy
    }

    /// Runs every stage over `message` and returns the verdict.
    ///
    /// A stage that enforces a reject ends the chain early: later stages would not change the outcome.
    public func moderate(_ message: Message) -> Verdict {
        var findings: [Finding] = []
        let clock = ContinuousClock()
        for stage in stages {
            if let observer {
                let start = clock.now
                stage.evaluate(message, findings: &findings)
                observer.stage(stage.name, took: clock.now - start)
            } else {
                stage.evaluate(message, findings: &findings)
            }
            if findings.contains(where: { $0.mode == .enforce && $0.action == .reject }) { break }
        }
        return policy.verdict(for: findings)
    }
}

/// Watches the pipeline run, for metrics and logs.
public protocol PipelineObserver: Sendable {
    /// Stage `name` took `duration` for one message.
    func stage(_ name: String, took duration: Duration)
    /// Stage `name` could not judge `message` and applied its fallback, which `finding` records.
    func stage(_ name: String, fellBack finding: Finding, on message: Message)
}

extension PipelineObserver {
    public func stage(_ name: String, fellBack finding: Finding, on message: Message) {}
}
