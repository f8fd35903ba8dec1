/// How findings become a verdict: explicit actions by precedence, and score thresholds.
public struct VerdictPolicy: Sendable, Equatable {
    /// A summed score at or above this holds the message.
    public var holdThreshold: Double
    /// A summed score at or above this rejects the message.
    public var rejectThreshold: Double

    public init(holdThreshold: Double = 5, rejectThreshold: Double = 10) {
        self.holdThreshold = holdThreshold
        self.rejectThreshold = rejectThreshold
    }

    /// Combines `findings`: shadow-mode findings are kept for the record but neither act nor score.
    public func verdict(for findings: [Finding]) -> Verdict {
        var explicit = Action.allow
        var score = 0.0
        for finding in findings where finding.mode == .enforce {
            explicit = max(explicit, finding.action)
            score += finding.score
        }
        let byScore: Action =
            score >= rejectThreshold ? .reject : score >= holdThreshold ? .hold : .allow
        return Verdict(action: max(explicit, byScore), score: score, findings: findings)
    }
}
