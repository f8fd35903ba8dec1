import ModGateCore
import ModGateRules
import ModGateSpam
import ModGateToxicity

/// Everything that assembles the moderation chain; each stage is nil when turned off.
/// The defaults are what `modgate check` and `modgate serve` use without a config file (docs/configuration.md).
public struct ChainConfig: Sendable {
    /// The rules directory.
    public var rulesDirectory = "rules"
    /// What a message gets when the rules scan fails (`rules.scan_failure`): RE2 ran out of memory on it.
    public var scanFailure = Action.hold
    /// Score thresholds.
    public var policy = VerdictPolicy()
    public var rateLimits: RateLimitSettings? = RateLimitSettings()
    public var flood: FloodSettings? = FloodSettings()
    public var spam: SpamSettings? = SpamSettings()
    public var toxicity: ToxicitySettings? = ToxicitySettings()
    public var reputation: ReputationSettings? = ReputationSettings()

    public init() {}

    /// Every stage the chain can hold, in chain order (metrics label their histograms with these).
    public static let stageNames = [
        RateLimitStage.name, FloodStage.name, RulesStage.name, SpamStage.name, ToxicityStage.name, ReputationStage.name,
    ]
}

/// The spam stage's settings.
public struct SpamSettings: Sendable, Equatable {
    /// The model file (`spam.model`), relative to the working directory; nil uses `spam-model.json` in the rules
    /// directory when there is one, else the default model built into the binary.
    public var model: String?
    /// Below this spam probability the stage finds nothing.
    public var minimumProbability = 0.5
    /// The score of a certain spam; a probability p scores p × this.
    public var maxScore = 7.0
    public var mode = Mode.enforce

    public init() {}
}

/// The toxicity stage's settings.
public struct ToxicitySettings: Sendable, Equatable {
    /// The model file (`toxicity.model`), relative to the working directory; nil uses `toxicity-model.tsv` in the
    /// rules directory when there is one, else the default model built into the binary.
    public var model: String?
    /// Below this toxicity probability the stage finds nothing.
    public var minimumProbability = 0.5
    /// The score of a certain toxicity of each category; a probability p scores p × this.
    public var scores = ToxicityStage.defaultScores
    public var mode = Mode.enforce

    public init() {}
}

/// The reputation stage's settings.
public struct ReputationSettings: Sendable, Equatable {
    public var model = ReputationModel()
    public var mode = Mode.enforce

    public init() {}
}
