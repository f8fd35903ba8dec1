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

    /// Runs every stage over `message` and returns the verdict. With `ahead` (from `workAhead(on:)` for the same
    /// message), the stages that did part of their work ahead use it instead of doing it again.
    ///
    /// A stage that enforces a reject ends the chain early: later stages would not change the outcome.
    public func moderate(_ message: Message, ahead: WorkAhead? = nil) -> Verdict {
        var findings: [Finding] = []
        let clock = ContinuousClock()
        let workByStage = ahead.flatMap { $0.byStage.count == stages.count ? $0.byStage : nil }
        for index in stages.indices {
            let stage = stages[index]
            let start = observer.map { _ in clock.now }
            if let work = workByStage?[index] {
                stage.evaluate(message, ahead: work, findings: &findings)
            } else {
                stage.evaluate(message, findings: &findings)
            }
            if let observer, let start { observer.stage(stage.name, took: clock.now - start) }
            if findings.contains(where: { $0.mode == .enforce && $0.action == .reject }) { break }
        }
        return policy.verdict(for: findings)
    }

    /// The work the stages can do for `message` before the chain reaches it (`PrecomputingStage`). It may run
    /// on another thread, while the chain judges earlier messages.
    public func workAhead(on message: Message) -> WorkAhead {
        WorkAhead(byStage: stages.map { $0.workAhead(on: message) })
    }
}

/// What the stages of a pipeline worked out ahead for one message, by stage.
public struct WorkAhead: Sendable {
    fileprivate let byStage: [(any Sendable)?]
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
