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

    public init(tp: Int = 0, fp: Int = 0, fn: Int = 0, tn: Int = 0) {
        self.tp = tp
        self.fp = fp
        self.fn = fn
        self.tn = tn
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
        Self(tp: lhs.tp + rhs.tp, fp: lhs.fp + rhs.fp, fn: lhs.fn + rhs.fn, tn: lhs.tn + rhs.tn)
    }

    /// Of the messages called spam, the share that were; 0 when none were called spam.
    public var precision: Double { ratio(tp, tp + fp) }
    /// Of the spam, the share called spam.
    public var recall: Double { ratio(tp, tp + fn) }
    /// The harmonic mean of precision and recall.
    public var f1: Double { ratio(2 * tp, 2 * tp + fp + fn) }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// `model`'s calls on `examples`, held out from its training.
    public init(model: SpamModel, examples: some Sequence<SpamExample>) {
        self.init()
        for example in examples { add(predicted: model.isSpam(example.text), actual: example.isSpam) }
    }

    /// k-fold cross-validation: trains on all folds but one and tests on that one, for each fold, and sums the counts.
    public init(crossValidating examples: [SpamExample], folds: Int, seed: UInt64 = 1, train: ([SpamExample]) -> SpamModel) {
        self.init()
        for test in Self.folds(count: examples.count, k: folds, seed: seed) {
            let held = Set(test)
            let training = examples.indices.filter { !held.contains($0) }.map { examples[$0] }
            self = self + SpamEvaluation(model: train(training), examples: test.map { examples[$0] })
        }
    }

    /// `count` indices shuffled with `seed` and dealt into `k` disjoint folds of nearly equal size.
    public static func folds(count: Int, k: Int, seed: UInt64) -> [[Int]] {
        var generator = SplitMix64(seed: seed)
        let shuffled = Array(0..<count).shuffled(using: &generator)
        return (0..<k).map { fold in stride(from: fold, to: count, by: k).map { shuffled[$0] } }
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
