import ModGateCore

/// The whole chain around the pipeline: the sender's standing goes into the context before the stages run,
/// and the verdict moves the standing after.
public struct ModerationChain: Sendable {
    public let pipeline: Pipeline
    /// Nil when reputation is turned off.
    public let reputation: ReputationTracker?

    public init(pipeline: Pipeline, reputation: ReputationTracker?) {
        self.pipeline = pipeline
        self.reputation = reputation
    }

    /// Judges `message` and records the outcome in the sender's standing, unless it is a dry run. `ahead` is
    /// the pipeline's `workAhead(on:)` for this message, when a backtest did it on another core.
    public func moderate(_ message: Message, ahead: WorkAhead? = nil) async -> Verdict {
        guard let reputation else { return pipeline.moderate(message, ahead: ahead) }
        var message = message
        let now = message.context.time
        let standing = await reputation.standing(of: message.context.user, at: now)
        message.context.reputation = message.context.reputation ?? standing.trust
        message.context.accountAge = message.context.accountAge ?? now - standing.firstSeen
        let verdict = pipeline.moderate(message, ahead: ahead)
        if !message.context.dryRun, let event = event(for: verdict) {
            await reputation.record(event, for: message.context.user, at: now, from: standing)
        }
        return verdict
    }

    /// What the verdict does to the sender's trust; nothing when only a rate limit refused the message,
    /// that is when the findings of the other stages alone would not reject it.
    func event(for verdict: Verdict) -> ReputationEvent? {
        let withoutLimits = verdict.findings.filter { $0.stage != RateLimitStage.name }
        if verdict.action == .reject && pipeline.policy.verdict(for: withoutLimits).action != .reject { return nil }
        switch verdict.action {
        case .allow, .redact: return .clean
        case .shadow, .hold: return .held
        case .reject: return .rejected
        }
    }
}
