import Foundation

/// A naive Bayes spam classifier over hashed features: raw counts for learning, log-likelihood ratios for scoring.
///
/// Features are hashed into a fixed table (feature hashing), so scoring allocates nothing and costs one
/// table read per feature. Learning one message updates its counts and the weights of its features only.
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
    public private(set) var spamMessages = 0
    public private(set) var hamMessages = 0

    private(set) var spamCounts: [UInt32]
    private(set) var hamCounts: [UInt32]
    private var spamTotal = 0
    private var hamTotal = 0
    /// log P(spam) - log P(ham) less the threshold, with one message of each added so that an empty model says 0.
    private var prior = 0.0
    /// The part of every known feature's log-likelihood ratio that depends on the class totals only.
    private var perFeature = 0.0
    /// Table entries that any feature has reached.
    private var seenEntries = 0
    /// log(spam + smoothing) - log(ham + smoothing) per entry; exactly 0 for entries no feature has reached,
    /// which scoring skips as multinomial naive Bayes skips words outside its vocabulary.
    private var weights: [Float]
    /// One bit per entry, set where the weight is not 0: 32 KB that stay in cache, so that the many features
    /// no message taught the model (most word pairs in chat) cost no read of the 1 MB weight table.
    private var known: [UInt64]

    /// An empty model; `smoothing` and `threshold` default to the values tuned on SMS spam.
    public init(smoothing: Double = 0.2, threshold: Double = 1) {
        self.smoothing = smoothing
        self.threshold = threshold
        prior = -threshold
        spamCounts = Array(repeating: 0, count: Self.tableSize)
        hamCounts = Array(repeating: 0, count: Self.tableSize)
        weights = Array(repeating: 0, count: Self.tableSize)
        known = Array(repeating: 0, count: Self.tableSize / 64)
    }

    /// A model trained on `examples`.
    public init(training examples: some Sequence<SpamExample>, smoothing: Double = 0.2, threshold: Double = 1) {
        self.init(smoothing: smoothing, threshold: threshold)
        for example in examples {
            count(example.text, isSpam: example.isSpam)
        }
        for index in weights.indices { updateWeight(index) }
        updateTotals()
    }

    /// Puts back counts read from a model file.
    mutating func restore(messages: (spam: Int, ham: Int), counts: [(index: Int, spam: UInt32, ham: UInt32)]) {
        (spamMessages, hamMessages) = messages
        for (index, spam, ham) in counts {
            spamCounts[index] = spam
            hamCounts[index] = ham
            spamTotal += Int(spam)
            hamTotal += Int(ham)
            updateWeight(index)
        }
        updateTotals()
    }

    /// Learns from one more labelled message, for example a moderator's decision.
    public mutating func learn(_ text: String, isSpam: Bool) {
        for index in count(text, isSpam: isSpam) { updateWeight(Int(index)) }
        updateTotals()
    }

    /// The log-odds that `text` is spam, less the threshold: above 0 means spam.
    ///
    /// Each known feature adds its entry's weight and the class-total term; unknown features add nothing.
    public func spamLogOdds(_ text: String) -> Double {
        var sum: Float = 0
        var features = 0
        weights.withUnsafeBufferPointer { weights in
            known.withUnsafeBufferPointer { known in
                SpamFeatures.forEach(in: text) { hash in
                    let index = Int(hash & Self.tableMask)
                    guard known[index >> 6] & (1 << (index & 63)) != 0 else { return }
                    sum += weights[index]
                    features += 1
                }
            }
        }
        return prior + Double(sum) + Double(features) * perFeature
    }

    /// The probability that `text` is spam, 0.5 at the threshold.
    public func spamProbability(_ text: String) -> Double {
        1 / (1 + exp(-spamLogOdds(text)))
    }

    /// Whether `text` is on the spam side of the threshold.
    public func isSpam(_ text: String) -> Bool { spamLogOdds(text) >= 0 }

    /// Recomputes the terms that depend on the class totals only.
    private mutating func updateTotals() {
        prior = log(Double(spamMessages + 1)) - log(Double(hamMessages + 1)) - threshold
        let vocabulary = smoothing * Double(max(seenEntries, 1))
        perFeature = log(Double(hamTotal) + vocabulary) - log(Double(spamTotal) + vocabulary)
    }

    /// Adds the features of `text` to the counts and returns their table indices.
    @discardableResult
    private mutating func count(_ text: String, isSpam: Bool) -> [UInt32] {
        var indices: [UInt32] = []
        SpamFeatures.forEach(in: text) { indices.append($0 & Self.tableMask) }
        if isSpam {
            spamMessages += 1
            spamTotal += indices.count
            for index in indices { spamCounts[Int(index)] &+= 1 }
        } else {
            hamMessages += 1
            hamTotal += indices.count
            for index in indices { hamCounts[Int(index)] &+= 1 }
        }
        return indices
    }

    /// Recomputes one entry's weight; a known entry whose counts cancel out gets the smallest normal float, not 0.
    private mutating func updateWeight(_ index: Int) {
        let spam = spamCounts[index]
        let ham = hamCounts[index]
        guard spam != 0 || ham != 0 else { return }
        if weights[index] == 0 {
            seenEntries += 1
            known[index >> 6] |= 1 << (index & 63)
        }
        let weight = Float(log(Double(spam) + smoothing) - log(Double(ham) + smoothing))
        weights[index] = weight == 0 ? .leastNormalMagnitude : weight
    }
}
