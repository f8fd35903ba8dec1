/// What training starts from: the weights a model has before it sees any labelled message.
///
/// Training pulls every weight towards its prior (L2 towards the prior, not towards 0), so that a word the
/// labelled data says nothing about keeps what the lexicon and word lists say of it.
public struct ToxicityPrior: Sendable {
    /// The vocabulary and its idf, and each word's prior weight for every output.
    public var words: [String] = []
    public var idf: [Float] = []
    public var weights: [SIMD8<Float>] = []
    /// Toxicity's intercept in the lexicon's classifier.
    public var intercept: Float = 0
    private var index: [String: Int] = [:]

    public init() {}

    /// Adds a word of a learned lexicon (its linear classifier's weight and idf) as the prior for toxicity.
    /// A word is kept as the model reads it ("Beyoncé" as the normaliser writes it); one the model reads as
    /// several words, or as a word already added, is skipped.
    public mutating func addLexiconWord(_ word: String, weight: Float, idf: Float) {
        let read = ToxicityWords.all(in: word)
        guard read.count == 1, index[read[0]] == nil else { return }
        let entry = self.entry(read[0], idf: idf)
        weights[entry][0] = weight
    }

    /// Marks a word of a curated list as `category`: a prior weight for that output and, where the lexicon
    /// does not know the word, for toxicity too. Words the model cannot read as one word are skipped.
    public mutating func addListWord(_ word: String, category: ToxicityCategory, weight: Float, rareIDF: Float) {
        let read = ToxicityWords.all(in: word)
        guard read.count == 1 else { return }
        let word = read[0]
        let known = index[word] != nil
        let entry = self.entry(word, idf: rareIDF)
        weights[entry][category.output] = max(weights[entry][category.output], weight)
        if !known { weights[entry][0] = weight }
    }

    /// Takes away what the prior says of an identity term's toxicity ("black", "gay", "muslim"): a lexicon learned
    /// from comments that attack people by naming who they are leans on these words, and would flag every
    /// message that names a group. Slurs are not identity terms; they stay in the lists.
    public mutating func neutralize(_ word: String) {
        let read = ToxicityWords.all(in: word)
        guard read.count == 1, let entry = index[read[0]] else { return }
        weights[entry][0] = Swift.min(weights[entry][0], 0)
    }

    private mutating func entry(_ word: String, idf: Float) -> Int {
        if let entry = index[word] { return entry }
        index[word] = words.count
        words.append(word)
        self.idf.append(idf)
        weights.append(SIMD8<Float>())
        return words.count - 1
    }
}
