import ModGateCore

/// The chain's toxicity stage: a finding `toxicity.<category>` once the model's probability reaches `minimum`,
/// scored by the category, so that a threat or an identity attack weighs more than an insult or a swear word.
public struct ToxicityStage: PrecomputingStage {
    public static let name = "toxicity"
    public var name: String { Self.name }
    public let model: ToxicityModel
    /// The probability from which the stage reports.
    public let minimum: Double
    /// The score of a certain toxicity of each category; a probability p scores p × this.
    public let scores: [ToxicityCategory: Double]
    /// Shadow mode records findings without acting on them.
    public let mode: Mode

    /// The model adds to what the rules find and never holds alone, nor with one mild word (score 2; the hold
    /// score is 5): "hoe", "fag" and "dyke" have ordinary meanings. Swearing weighs least.
    public static let defaultScores: [ToxicityCategory: Double] = [
        .insult: 2.9, .sexual: 2.9, .profanity: 2, .threat: 2.9, .identityAttack: 2.9,
    ]

    public init(
        _ model: ToxicityModel, minimum: Double = 0.5, scores: [ToxicityCategory: Double] = defaultScores, mode: Mode = .enforce
    ) {
        self.model = model
        self.minimum = minimum
        self.scores = scores
        self.mode = mode
    }

    /// The toxicity, which reads the text alone.
    public func precompute(_ message: Message) -> ToxicityScore { model.score(message.text) }

    public func evaluate(_ message: Message, precomputed score: ToxicityScore, findings: inout [Finding]) {
        guard score.probability >= minimum else { return }
        let words = model.topWords(message.text).map(\.word).joined(separator: ", ")
        findings.append(
            Finding(
                stage: Self.name, rule: "toxicity.\(score.category.rawValue)",
                score: (scores[score.category] ?? 0) * score.probability, reason: "This message looks abusive.",
                detail: "toxicity \(score.probability.probabilityText), \(score.category.rawValue): \(words)", mode: mode))
    }
}
