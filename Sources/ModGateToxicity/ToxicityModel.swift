import Foundation

/// A linear toxicity model over the words of a message: toxicity as a whole and one output per category.
///
/// A message's words are weighted by their inverse document frequency and the vector is scaled to length 1
/// (every occurrence counts, so a repeated insult weighs more), as in the TF-IDF linear classifier the default
/// model's lexicon comes from. Scoring is one vocabulary lookup and one 8-lane add per word, with no allocation.
public struct ToxicityModel: Sendable {
    /// Output 0 is toxicity as a whole; outputs 1 to 5 are the categories (`ToxicityCategory.output`).
    public static let outputs = 6
    private static let idfSquaredLane = 6

    /// The vocabulary, in file order.
    public let words: [String]
    /// Each word's inverse document frequency.
    public let idf: [Float]
    /// Each word's weight for every output (lanes 0 to 5).
    public let weights: [SIMD8<Float>]
    /// Every output's intercept (lanes 0 to 5).
    public let bias: SIMD8<Float>
    /// Toxicity's log-odds at which a message counts as toxic (probability 0.5).
    public let threshold: Float
    /// Where the model comes from: data, commands, licences; written into the model file as comments.
    public let provenance: [String]

    /// weights × idf in lanes 0 to 5 and idf² in lane 6: one add per word sums both the dot products and the norm.
    private let rows: [SIMD8<Float>]
    private let vocabulary: Vocabulary

    /// - Precondition: `idf` and `weights` are as long as `words`, and the words are distinct.
    public init(
        words: [String], idf: [Float], weights: [SIMD8<Float>], bias: SIMD8<Float>, threshold: Float, provenance: [String]
    ) {
        precondition(idf.count == words.count && weights.count == words.count, "one idf and one weight row per word")
        self.words = words
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.provenance = provenance
        rows = zip(weights, idf).map { weights, idf in
            var row = weights * idf
            row[Self.idfSquaredLane] = idf * idf
            row[7] = 0
            return row
        }
        vocabulary = Vocabulary(words)
    }

    /// The toxicity of `text` and the category that leads.
    public func score(_ text: String) -> ToxicityScore {
        let logits = self.logits(text)
        var category = ToxicityCategory.insult
        for candidate in ToxicityCategory.allCases where logits[candidate.output] > logits[category.output] {
            category = candidate
        }
        let logOdds = Double(logits[0] - threshold)
        return ToxicityScore(probability: 1 / (1 + exp(-logOdds)), category: category)
    }

    /// Every output's log-odds for `text`, before the threshold.
    func logits(_ text: String) -> SIMD8<Float> {
        var sum = SIMD8<Float>()
        rows.withUnsafeBufferPointer { rows in
            ToxicityWords.forEach(in: text) { word in
                if let entry = vocabulary.entry(word) { sum += rows[entry] }
            }
        }
        let norm = sum[Self.idfSquaredLane]
        return norm > 0 ? bias + sum * (1 / norm.squareRoot()) : bias
    }

    /// The vocabulary entries of `text`'s words, repeats included: what training sees of a message.
    func entries(in text: String) -> [Int] {
        var entries: [Int] = []
        ToxicityWords.forEach(in: text) { word in
            if let entry = vocabulary.entry(word) { entries.append(entry) }
        }
        return entries
    }

    /// The words of `text` that add most to its toxicity, with what each adds to the log-odds, largest first.
    public func topWords(_ text: String, count: Int = 3) -> [(word: String, contribution: Double)] {
        let entries = self.entries(in: text)
        let norm = entries.reduce(Float(0)) { $0 + rows[$1][Self.idfSquaredLane] }.squareRoot()
        guard norm > 0 else { return [] }
        var byEntry: [Int: Float] = [:]
        for entry in entries { byEntry[entry, default: 0] += rows[entry][0] / norm }
        return byEntry.filter { $0.value > 0 }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(count).map { (words[$0.key], Double($0.value)) }
    }
}

/// What the toxicity model says about one message.
public struct ToxicityScore: Sendable, Equatable {
    /// The probability that the message is toxic, 0.5 at the model's threshold.
    public var probability: Double
    /// The category with the highest log-odds.
    public var category: ToxicityCategory
}

/// Words to entries: open addressing over 64-bit hashes, at most half full, so a lookup is one or two probes.
private struct Vocabulary: Sendable {
    private let keys: [UInt64]
    private let entries: [Int32]
    private let mask: Int

    init(_ words: [String]) {
        var capacity = 16
        while capacity < words.count * 2 { capacity *= 2 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var entries = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (entry, word) in words.enumerated() {
            var word = word
            let key = word.withUTF8 { ToxicityWords.hash($0) }
            var slot = Int(truncatingIfNeeded: key) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            keys[slot] = key
            entries[slot] = Int32(entry)
        }
        self.keys = keys
        self.entries = entries
    }

    func entry(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = ToxicityWords.hash(word)
        var slot = Int(truncatingIfNeeded: key) & mask
        return keys.withUnsafeBufferPointer { keys in
            while keys[slot] != 0 {
                if keys[slot] == key { return Int(entries[slot]) }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}
