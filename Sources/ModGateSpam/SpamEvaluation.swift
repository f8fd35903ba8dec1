/// How a classifier did on labelled messages, spam being the positive class.
public struct SpamEvaluation: Sendable, Equatable, Codable {
    /// Spam called spam.
    public var tp = 0
    /// Ham called spam.
    public var fp = 0
    /// Spam called ham.
    public var fn = 0
    /// Ham called ham.
    public var tn = 0
    /// Lines of ordinary chat tested, all ham, and how many of them were called spam.
    public var chatLines = 0
    public var chatCalledSpam = 0

    public init(tp: Int = 0, fp: Int = 0, fn: Int = 0, tn: Int = 0, chatLines: Int = 0, chatCalledSpam: Int = 0) {
        self.tp = tp
        self.fp = fp
        self.fn = fn
        self.tn = tn
        self.chatLines = chatLines
        self.chatCalledSpam = chatCalledSpam
    }

    /// Counts one message.
    public mutating func add(predicted: Bool, actual: Bool) {
        switch (predicted, actual) {
        case (true, true): tp += 1
        case (true, false): fp += 1
        case (false, true): fn += 1
        case (false, false): tn += 1
        }
    }

    /// Adds another evaluation's counts, as cross-validation does with its folds.
    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            tp: lhs.tp + rhs.tp, fp: lhs.fp + rhs.fp, fn: lhs.fn + rhs.fn, tn: lhs.tn + rhs.tn,
            chatLines: lhs.chatLines + rhs.chatLines, chatCalledSpam: lhs.chatCalledSpam + rhs.chatCalledSpam)
    }

    /// Of the messages called spam, the share that were; 0 when none were called spam.
    public var precision: Double { ratio(tp, tp + fp) }
    /// Of the spam, the share called spam.
    public var recall: Double { ratio(tp, tp + fn) }
    /// The harmonic mean of precision and recall.
    public var f1: Double { ratio(2 * tp, 2 * tp + fp + fn) }
    /// Of the chat lines, the share called spam.
    public var chatRate: Double { ratio(chatCalledSpam, chatLines) }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// `model`'s calls on `examples` and on the lines of ordinary `chat`, all held out from its training.
    public init(model: SpamModel, examples: some Sequence<SpamExample>, chat: some Sequence<String> = [String]()) {
        self.init()
        for example in examples { add(predicted: model.isSpam(example.text), actual: example.isSpam) }
        for line in chat {
            chatLines += 1
            chatCalledSpam += model.isSpam(line) ? 1 : 0
        }
    }

    /// k-fold cross-validation: trains on all folds but one and tests on that one, for each fold, and sums the counts.
    /// The `chat` lines are dealt into as many runs of neighbouring lines, so that a conversation mostly stays in one.
    public init(
        crossValidating examples: [SpamExample], chat: [String] = [], folds: Int, seed: UInt64 = 1,
        train: (_ examples: [SpamExample], _ chat: [String]) -> SpamModel
    ) {
        self.init()
        let chatFolds = Self.runs(count: chat.count, k: folds)
        for (test, chatTest) in zip(Self.folds(count: examples.count, k: folds, seed: seed), chatFolds) {
            let held = Set(test)
            let training = examples.indices.filter { !held.contains($0) }.map { examples[$0] }
            let chatTraining = Array(chat[..<chatTest.lowerBound] + chat[chatTest.upperBound...])
            let model = train(training, chatTraining)
            self = self + SpamEvaluation(model: model, examples: test.map { examples[$0] }, chat: chat[chatTest])
        }
    }

    /// `count` indices shuffled with `seed` and dealt into `k` disjoint folds of nearly equal size.
    public static func folds(count: Int, k: Int, seed: UInt64) -> [[Int]] {
        var generator = SplitMix64(seed: seed)
        let shuffled = Array(0..<count).shuffled(using: &generator)
        return (0..<k).map { fold in stride(from: fold, to: count, by: k).map { shuffled[$0] } }
    }

    /// `0..<count` cut into `k` runs of neighbouring indices whose lengths differ by one at most.
    static func runs(count: Int, k: Int) -> [Range<Int>] {
        (0..<k).map { fold in (fold * count / k)..<((fold + 1) * count / k) }
    }
}

/// A small seeded generator, so that folds are the same on every run and platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
