import ModGateCore
import ModGateToxicity

extension FuzzHarness {
    /// The toxicity model. The first byte picks what the rest is: a model file (operators write them), or a
    /// message the built-in model scores (users write those).
    public static let toxicity = FuzzHarness(name: "toxicity") { bytes in
        guard let mode = bytes.first else { return }
        let rest = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self)
        if mode % 2 == 0 {
            ToxicityOracle.readModel(rest)
        } else if let model = ToxicityOracle.builtIn {
            ToxicityOracle.score(rest, with: model)
        }
    }
}

private enum ToxicityOracle {
    static let builtIn = try? ToxicityModel.builtIn()
    static let probes = ["you idiot", "hello there", "", "kill kill kill", "the the the and"]

    /// A file it reads scores every probe, and written back reads as the same model.
    static func readModel(_ text: String) {
        guard let model = try? ToxicityModel.parse(text, file: "fuzz.tsv") else { return }
        for probe in probes + [text] { score(probe, with: model) }
        guard let again = try? ToxicityModel.parse(model.fileText, file: "again.tsv") else {
            return expect(false, "a model read from \(text.debugDescription) does not read back from its own file")
        }
        expect(again.words == model.words && again.provenance == model.provenance, "words or provenance change on a round trip")
    }

    /// Probability within 0...1, a category, and top words that add to the toxicity, largest first.
    static func score(_ text: String, with model: ToxicityModel) {
        let probability = model.probability(text)
        expect((0...1).contains(probability), "probability \(probability) for \(text.debugDescription)")
        _ = model.category(of: text)
        let words = model.topWords(text, count: 5)
        expect(words.allSatisfy { $0.contribution > 0 && $0.contribution.isFinite }, "top words \(words)")
        expect(zip(words, words.dropFirst()).allSatisfy { $0.contribution >= $1.contribution }, "top words out of order: \(words)")
        _ = probability.probabilityText
    }
}
