import ArgumentParser
import ModGateToxicity

/// `modgate toxicity train --data FILE... --lexicon FILE [--words FILE] [--model PATH]`: trains and writes a model.
struct ToxicityTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the toxicity model from a lexicon, word lists and labelled messages, and write it.",
        discussion: "docs/toxicity.md gives the commands that built the default model."
    )

    @Option(help: "Labelled messages: a label, a TAB, the text; one per line. Repeat for several files.")
    var data: [String]

    @Option(help: "A learned lexicon: a header line, then word, linear weight and idf separated by TABs.")
    var lexicon: String

    @Option(help: "The intercept of the lexicon's classifier.")
    var intercept: Float = -0.785

    @Option(help: "Curated words by category: category, a TAB, the word. Repeat for several files.")
    var words: [String] = []

    @Option(help: "Identity terms, one a line, whose toxicity the lexicon's weight may not raise. Repeat for several files.")
    var neutral: [String] = []

    @Option(help: "The prior weight of a listed word for its category.")
    var listWeight: Float = 1.5

    @Option(help: "How strongly weights stay near the lexicon's and the lists' (L2 towards the prior).")
    var priorStrength: Float = 0.0001

    @Option(help: "Passes of gradient descent.")
    var iterations = 300

    @Option(help: "The share of clean training messages at or above the threshold.")
    var cleanNoticeRate = 0.004

    @Option(help: "A line of provenance to write into the model file. Repeat for several lines.")
    var provenance: [String] = []

    @Option(help: "Where to write the model.")
    var model = "rules/toxicity-model.tsv"

    func validate() throws {
        guard (0...1000).contains(listWeight), (0...1000).contains(priorStrength), (-1000...1000).contains(intercept) else {
            throw ValidationError("--list-weight and --prior-strength take 0 to 1000, --intercept -1000 to 1000")
        }
        guard (1...100_000).contains(iterations) else { throw ValidationError("--iterations takes 1 to 100000") }
        guard cleanNoticeRate > 0, cleanNoticeRate < 1 else { throw ValidationError("--clean-notice-rate takes a share above 0 and below 1, such as 0.004") }
    }

    func run() throws {
        var prior = ToxicityPrior()
        prior.intercept = intercept
        try ToxicityFiles.addLexicon(lexicon, to: &prior)
        for path in words { try ToxicityFiles.addWordList(path, to: &prior, weight: listWeight) }
        for path in neutral { try ToxicityFiles.neutralize(path, in: &prior) }
        guard prior.words.count <= ToxicityModel.maxWords else {
            throw ValidationError("the lexicon and word lists hold \(prior.words.count) words; a model holds at most \(ToxicityModel.maxWords)")
        }
        let examples = try ToxicityFiles.examples(data)
        var settings = ToxicityTrainingSettings()
        settings.priorStrength = priorStrength
        settings.iterations = iterations
        settings.cleanNoticeRate = cleanNoticeRate
        let trained = ToxicityModel(training: examples, prior: prior, settings: settings, provenance: provenance)
        try ToxicityFiles.save(trained, to: model)
        let clean = examples.filter { $0.label == .clean }.count
        print("trained on \(examples.count) messages (\(examples.count - clean) toxic, \(clean) clean), \(trained.words.count) words; wrote \(model)")
    }
}
