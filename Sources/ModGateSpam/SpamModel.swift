import Foundation

/// A naive Bayes spam classifier over hashed features: raw counts for learning, log-likelihood ratios for scoring.
///
/// Features are hashed into a fixed table (feature hashing), so scoring allocates nothing and costs one
/// table read per feature. Learning one message updates its counts and the weights of its features only.
///
/// Ham comes in two kinds: labelled ham and, optionally, ordinary chat. Each kind is compared with spam
/// on its own counts, so that a large chat corpus cannot swamp the labelled ham; a message is spam only
/// when it reads as spam against both.
public struct SpamModel: Sendable {
    /// log2 of the table size.
    public static let tableBits = 18
    static let tableSize = 1 << tableBits
    static let tableMask = UInt32(tableSize - 1)

    /// Lidstone smoothing added to every count.
    public let smoothing: Double
    /// Log-odds at which a message counts as spam (probability 0.5); above 0 favours precision.
    public let threshold: Double
    /// How many spam and ham messages the model has learnt from.
    public var spamMessages: Int { spam.messages }
    public var hamMessages: Int { ham.messages }
    /// How many lines of ordinary chat the model has learnt from as a second kind of ham; 0 leaves it out.
    public var chatMessages: Int { chat.messages }

    private(set) var spam = SpamCounts()
    private(set) var ham = SpamCounts()
    private(set) var chat = SpamCounts()
    /// Per comparison (spam against ham, spam against chat): log P(spam) - log P(ham) less the threshold,
    /// with one message of each added so that an empty model says 0. Both use the labelled counts, as chat
    /// changes what ham looks like, not how often spam comes; without chat the second is infinite.
    private var prior = SIMD2<Double>()
    /// Per comparison, the part of every known feature's log-likelihood ratio that depends on the class totals only.
    private var perFeature = SIMD2<Double>()
    /// Per comparison, the table entries that any feature of its two classes has reached.
    private var seenEntries = SIMD2<Int32>()
    /// Per entry and comparison, log(spam + smoothing) - log(ham + smoothing) (chat in the second); exactly 0
    /// where neither class has counts, which scoring skips as naive Bayes skips words outside its vocabulary.
    private var weights: [SIMD2<Float>]
    /// One bit per entry, set where a weight is not 0: 32 KB that stay in cache, so that the many features
    /// no message taught the model (most word pairs in chat) cost no read of the 2 MB weight table.
    private var known: [UInt64]

    /// An empty model; `smoothing` and `threshold` default to the values tuned on SMS spam.
    public init(smoothing: Double = 0.2, threshold: Double = 1) {
        self.smoothing = smoothing
        self.threshold = threshold
        weights = Array(repeating: .zero, count: Self.tableSize)
        known = Array(repeating: 0, count: Self.tableSize / 64)
        updateTotals()
    }

    /// A model trained on `examples` and, as a second kind of ham, on the lines of ordinary `chat`.
    public init(
        training examples: some Sequence<SpamExample>, chat lines: [String] = [],
        smoothing: Double = 0.2, threshold: Double = 1
    ) {
        self.init(smoothing: smoothing, threshold: threshold)
        for example in examples {
            count(example.text, in: example.isSpam ? \.spam : \.ham)
        }
        for line in lines {
            count(line, in: \.chat)
        }
        for index in weights.indices { updateWeight(index) }
        updateTotals()
    }

    /// Puts back counts read from a model file.
    mutating func restore(
        messages: (spam: Int, ham: Int, chat: Int), counts: [(index: Int, spam: UInt32, ham: UInt32, chat: UInt32)]
    ) {
        (spam.messages, ham.messages, chat.messages) = messages
        for (index, spamCount, hamCount, chatCount) in counts {
            spam.restore(spamCount, at: index)
            ham.restore(hamCount, at: index)
            chat.restore(chatCount, at: index)
            updateWeight(index)
        }
        updateTotals()
    }

    /// Learns from one more labelled message, for example a moderator's decision; ham joins the labelled ham.
    public mutating func learn(_ text: String, isSpam: Bool) {
        for index in count(text, in: isSpam ? \.spam : \.ham) { updateWeight(Int(index)) }
        updateTotals()
    }

    /// The log-odds that `text` is spam, less the threshold: above 0 means spam.
    ///
    /// Each known feature adds its entry's weights and the class-total terms; unknown features add nothing.
    /// The result is the lower of the two comparisons' log-odds.
    public func spamLogOdds(_ text: String) -> Double {
        var sum = SIMD2<Float>()
        var features = SIMD2<Float>()
        weights.withUnsafeBufferPointer { weights in
            known.withUnsafeBufferPointer { known in
                SpamFeatures.forEach(in: text) { hash in
                    let index = Int(hash & Self.tableMask)
                    guard known[index >> 6] & (1 << (index & 63)) != 0 else { return }
                    let weight = weights[index]
                    sum += weight
                    features.replace(with: features + 1, where: weight .!= 0)
                }
            }
        }
        return (prior + SIMD2<Double>(sum) + SIMD2<Double>(features) * perFeature).min()
    }

    /// The probability that `text` is spam, 0.5 at the threshold.
    public func spamProbability(_ text: String) -> Double {
        1 / (1 + exp(-spamLogOdds(text)))
    }

    /// Whether `text` is on the spam side of the threshold.
    public func isSpam(_ text: String) -> Bool { spamLogOdds(text) >= 0 }

    /// Recomputes the terms that depend on the class totals only.
    private mutating func updateTotals() {
        let labelled = log(Double(spam.messages + 1)) - log(Double(ham.messages + 1)) - threshold
        prior = SIMD2(labelled, chat.messages > 0 ? labelled : .infinity)
        perFeature = SIMD2(
            perFeature(ham: ham.total, seen: seenEntries.x), perFeature(ham: chat.total, seen: seenEntries.y))
    }

    private func perFeature(ham: Int, seen: Int32) -> Double {
        let vocabulary = smoothing * Double(max(seen, 1))
        return log(Double(ham) + vocabulary) - log(Double(spam.total) + vocabulary)
    }

    /// Adds the features of `text` to the counts of one class and returns their table indices.
    @discardableResult
    private mutating func count(_ text: String, in counts: WritableKeyPath<Self, SpamCounts>) -> [UInt32] {
        var indices: [UInt32] = []
        SpamFeatures.forEach(in: text) { indices.append($0 & Self.tableMask) }
        self[keyPath: counts].add(message: indices)
        return indices
    }

    /// Recomputes one entry's weights and marks it known once any class has counts there.
    private mutating func updateWeight(_ index: Int) {
        let spamCount = spam.table[index]
        let new = SIMD2(weight(spamCount, ham.table[index]), weight(spamCount, chat.table[index]))
        guard new != .zero else { return }
        seenEntries.replace(with: seenEntries &+ 1, where: (weights[index] .== 0) .& (new .!= 0))
        known[index >> 6] |= 1 << (index & 63)
        weights[index] = new
    }

    /// log(spam + smoothing) - log(ham + smoothing); 0 where neither has counts, and the smallest normal float
    /// where they cancel out, so that 0 always means unknown.
    private func weight(_ spam: UInt32, _ ham: UInt32) -> Float {
        guard spam != 0 || ham != 0 else { return 0 }
        let weight = Float(log(Double(spam) + smoothing) - log(Double(ham) + smoothing))
        return weight == 0 ? .leastNormalMagnitude : weight
    }
}
