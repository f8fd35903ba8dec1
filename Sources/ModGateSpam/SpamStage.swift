import ModGateCore
import Synchronization

/// The spam model in force, shared by the stage and by whatever teaches it moderator decisions.
///
/// Scoring takes a snapshot under the lock and scores outside it; learning copies the tables only
/// while a snapshot is still in use.
public final class LiveSpamModel: Sendable {
    private let current: Mutex<SpamModel>

    public init(_ model: SpamModel) { current = Mutex(model) }

    /// The model as it is now.
    public var model: SpamModel { current.withLock { $0 } }

    /// Puts `model` in force, for example the one another gateway saved.
    public func replace(with model: SpamModel) {
        current.withLock { $0 = model }
    }

    /// Learns from one labelled message, for example a moderator's decision.
    public func learn(_ text: String, isSpam: Bool) {
        current.withLock { $0.learn(text, isSpam: isSpam) }
    }
}

/// The chain's spam stage: a finding scored `maxScore` × probability once the probability reaches `minimum`.
public struct SpamStage: PrecomputingStage {
    public static let name = "spam"
    public var name: String { Self.name }
    /// The model the stage scores with.
    public let live: LiveSpamModel
    /// The probability from which the stage reports.
    public let minimum: Double
    /// The score of a certain spam; at the default 7, p ≈ 1 holds (5) and p = 0.6 only adds 4.2.
    public let maxScore: Double
    /// Shadow mode records findings without acting on them.
    public let mode: Mode

    public init(_ live: LiveSpamModel, minimum: Double = 0.5, maxScore: Double = 7, mode: Mode = .enforce) {
        self.live = live
        self.minimum = minimum
        self.maxScore = maxScore
        self.mode = mode
    }

    /// The spam probability, which reads the text alone.
    public func precompute(_ message: Message) -> Double { live.model.spamProbability(message.text) }

    public func evaluate(_ message: Message, precomputed probability: Double, findings: inout [Finding]) {
        guard probability >= minimum else { return }
        findings.append(
            Finding(
                stage: Self.name, rule: "spam.bayes", score: maxScore * probability,
                reason: "This looks like spam.", detail: "spam probability \(Self.format(probability))", mode: mode))
    }

    /// Two decimals, rounded down so that 0.999 never reads 1.00 (`Double.probabilityText`).
    static func format(_ probability: Double) -> String { probability.probabilityText }
}
