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

    /// The probability that the message is toxic, which reads the text alone.
    public func precompute(_ message: Message) -> Double { model.probability(message.text) }

    /// A reported message's category and words are worked out here, for the few that reach `minimum`.
    public func evaluate(_ message: Message, precomputed probability: Double, findings: inout [Finding]) {
        guard probability >= minimum else { return }
        let category = model.category(of: message.text)
        let words = model.topWords(message.text).map(\.word).joined(separator: ", ")
        findings.append(
            Finding(
                stage: Self.name, rule: "toxicity.\(category.rawValue)", score: (scores[category] ?? 0) * probability,
                reason: "This message looks abusive.",
                detail: "toxicity \(probability.probabilityText), \(category.rawValue): \(words)", mode: mode))
    }
}
