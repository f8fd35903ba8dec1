import Foundation

/// A linear toxicity model over the words of a message: toxicity as a whole and one output per category.
///
/// A message's words are weighted by their inverse document frequency, as in the TF-IDF linear classifier the
/// default model's lexicon comes from, and the sum is divided by the square root of the sum of idf² over every
/// occurrence (not by the length of the tf-idf vector): a word repeated n times weighs √n times one. Scoring a message reads toxicity's output alone: one 16-byte read and one 4-lane
/// add per word, with no allocation. The categories are worked out only for the messages that are reported.
public struct ToxicityModel: Sendable {
    /// Output 0 is toxicity as a whole; outputs 1 to 5 are the categories (`ToxicityCategory.output`).
    public static let outputs = 6

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

    /// What scoring reads, behind one reference so that scoring copies nothing.
    private let table: ScoringTable

    /// - Precondition: `idf` and `weights` are as long as `words`, the words are distinct and at most `maxWords`.
    public init(
        words: [String], idf: [Float], weights: [SIMD8<Float>], bias: SIMD8<Float>, threshold: Float, provenance: [String]
    ) {
        precondition(idf.count == words.count && weights.count == words.count, "one idf and one weight row per word")
        precondition(words.count <= Self.maxWords, "at most \(Self.maxWords) words")
        self.words = words
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        // One comment line each in the file, which drops the spaces that lead a comment.
        self.provenance = provenance.map { line in
            String(line.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }.drop { $0 == " " })
        }
        table = ScoringTable(words: words, idf: idf, weights: weights)
    }

    /// The probability that `text` is toxic, 0.5 at the threshold.
    public func probability(_ text: String) -> Double {
        let sum = table.sum(text)
        let logit = sum[1] > 0 ? bias[0] + sum[0] / sum[1].squareRoot() : bias[0]
        return 1 / (1 + exp(-Double(logit - threshold)))
    }

    /// The category `text` leads with: the one with the highest log-odds.
    public func category(of text: String) -> ToxicityCategory {
        let logits = self.logits(text)
        var category = ToxicityCategory.insult
        for candidate in ToxicityCategory.allCases where logits[candidate.output] > logits[category.output] {
            category = candidate
        }
        return category
    }

    /// Every output's log-odds for `text`, before the threshold; lane 0 is what `probability` reads.
    func logits(_ text: String) -> SIMD8<Float> {
        let entries = self.entries(in: text)
        var sum = SIMD8<Float>()
        var norm: Float = 0
        for entry in entries {
            sum += weights[entry] * idf[entry]
            norm += idf[entry] * idf[entry]
        }
        return norm > 0 ? bias + sum * (1 / norm.squareRoot()) : bias
    }

    /// The vocabulary entries of `text`'s words, repeats included: what training sees of a message.
    func entries(in text: String) -> [Int] { table.entries(in: text) }

    /// The words of `text` that add most to its toxicity, with what each adds to the log-odds, largest first.
    public func topWords(_ text: String, count: Int = 3) -> [(word: String, contribution: Double)] {
        let entries = self.entries(in: text)
        let norm = entries.reduce(Float(0)) { $0 + idf[$1] * idf[$1] }.squareRoot()
        guard norm > 0 else { return [] }
        var byEntry: [Int: Float] = [:]
        for entry in entries { byEntry[entry, default: 0] += weights[entry][0] * idf[entry] / norm }
        return byEntry.filter { $0.value > 0 }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(count).map { (words[$0.key], Double($0.value)) }
    }
}

/// The vocabulary with what scoring adds up per word: toxicity's weight × idf in lane 0 and idf² in lane 1, so that
/// one add sums both the dot product and the norm.
///
/// The rows are an open-addressing table over the words' 64-bit hashes, at most two thirds full (512 KB for
/// the default model), so that finding a word and reading its weight is one 16-byte read. Lane 2 holds the low
/// 32 bits of the word's hash (bit 0 is always set, so 0 marks an empty slot); lane 3 holds the word's entry in
/// its low 20 bits and the hash's top 12 bits above them. A word the model does not know matches a known one only
/// if 58 bits of their hashes agree (slot, lane 2 and lane 3): about once in 10^12 lookups.
private final class ScoringTable: Sendable {
    private let slots: [SIMD4<Float>]
    private let mask: Int

    init(words: [String], idf: [Float], weights: [SIMD8<Float>]) {
        var capacity = 16
        while capacity * 2 < words.count * 3 { capacity *= 2 }
        var slots = [SIMD4<Float>](repeating: SIMD4(), count: capacity)
        mask = capacity - 1
        for (entry, word) in words.enumerated() {
            var word = word
            let hash = word.withUTF8 { ToxicityWords.hash($0) }
            var slot = Self.slot(hash, mask: mask)
            while slots[slot][2].bitPattern != 0 { slot = (slot + 1) & mask }
            slots[slot] = SIMD4(
                weights[entry][0] * idf[entry], idf[entry] * idf[entry], Float(bitPattern: Self.tag(hash)),
                Float(bitPattern: Self.check(hash) | UInt32(entry)))
        }
        self.slots = slots
    }

    /// Lane 0: the sum of toxicity's weight × idf over `text`'s known words, repeats included; lane 1: of idf².
    func sum(_ text: String) -> SIMD4<Float> {
        var sum = SIMD4<Float>()
        slots.withUnsafeBufferPointer { slots in
            ToxicityWords.forEach(in: text) { _, hash in
                if let slot = Self.find(hash, in: slots, mask: mask) { sum += slots[slot] }
            }
        }
        return sum
    }

    /// The entries of `text`'s known words, repeats included.
    func entries(in text: String) -> [Int] {
        var found: [Int] = []
        slots.withUnsafeBufferPointer { slots in
            ToxicityWords.forEach(in: text) { _, hash in
                if let slot = Self.find(hash, in: slots, mask: mask) { found.append(Int(slots[slot][3].bitPattern & Self.entryMask)) }
            }
        }
        return found
    }

    private static func slot(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 32) & mask }

    private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash) }

    /// The hash's top 12 bits, placed above the entry's 20 in lane 3.
    private static func check(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 52) << 20 }

    private static let entryMask: UInt32 = (1 << 20) - 1

    /// The slot of the word whose `ToxicityWords.hash` is `hash`, or nil.
    private static func find(_ hash: UInt64, in slots: UnsafeBufferPointer<SIMD4<Float>>, mask: Int) -> Int? {
        let tag = tag(hash)
        let check = check(hash)
        var slot = slot(hash, mask: mask)
        while true {
            let stored = slots[slot][2].bitPattern
            if stored == tag && slots[slot][3].bitPattern & ~entryMask == check { return slot }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
