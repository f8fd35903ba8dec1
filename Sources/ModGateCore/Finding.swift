/// One named result of one stage: which rule fired, what it asks for, and why.
public struct Finding: Sendable, Equatable {
    /// The stage that produced it, for example "rules" or "ratelimit".
    public var stage: String
    /// The rule or check id, for example "profanity.strong".
    public var rule: String
    /// The action the rule asks for; `.allow` when it only adds score.
    public var action: Action
    /// What it adds to the message's score.
    public var score: Double
    /// Shown to the sender.
    public var reason: String
    /// Shown to moderators only.
    public var detail: String
    /// Shadow-mode findings are recorded but neither act nor score.
    public var mode: Mode
    /// Byte ranges in the message's UTF-8 text that matched.
    public var spans: [Range<Int>]
    /// Seconds until the sender may try again, for rate limits.
    public var retryAfter: Double?

    public init(
        stage: String, rule: String, action: Action = .allow, score: Double = 0, reason: String = "",
        detail: String = "", mode: Mode = .enforce, spans: [Range<Int>] = [], retryAfter: Double? = nil
    ) {
        self.stage = stage
        self.rule = rule
        self.action = action
        self.score = score
        self.reason = reason
        self.detail = detail
        self.mode = mode
        self.spans = spans
        self.retryAfter = retryAfter
    }
}
