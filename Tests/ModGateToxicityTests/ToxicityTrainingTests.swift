import ModGateToxicity
import Testing

/// A prior of three lexicon words and one listed word, and labelled chat in which "damn" is clean.
private func prior() -> ToxicityPrior {
    var prior = ToxicityPrior()
    prior.intercept = -1
    prior.addLexiconWord("damn", weight: 2, idf: 3)
    prior.addLexiconWord("moron", weight: 3, idf: 5)
    prior.addLexiconWord("black", weight: 1, idf: 4)
    prior.addLexiconWord("Beyoncé", weight: 0.5, idf: 6)
    prior.addLexiconWord("two words", weight: 9, idf: 6)
    prior.addListWord("moron", category: .insult, weight: 1.5, rareIDF: 8)
    prior.addListWord("twat", category: .profanity, weight: 1.5, rareIDF: 8)
    prior.neutralize("black")
    return prior
}

private let examples =
    Array(repeating: ToxicityExample(label: .clean, text: "damn that was a good game"), count: 50)
    + Array(repeating: ToxicityExample(label: .clean, text: "see you tomorrow"), count: 50)
    + Array(repeating: ToxicityExample(label: .toxic(.insult), text: "you moron"), count: 10)
    + Array(repeating: ToxicityExample(label: .toxic(.profanity), text: "what a twat"), count: 10)

@Test func thePriorReadsWordsAsTheModelDoes() {
    let words = prior().words
    #expect(words == ["damn", "moron", "black", "beyonce", "twat"] || words == ["damn", "moron", "black", "beyoncé", "twat"])
}

@Test func trainingWeakensWhatCleanChatContradictsAndNeverStrengthensAWord() {
    let prior = prior()
    let model = ToxicityModel(training: examples, prior: prior, settings: ToxicityTrainingSettings(), provenance: ["test"])
    for (index, word) in model.words.enumerated() {
        #expect(model.weights[index][0] <= max(prior.weights[index][0], 0), "\(word)")
        #expect(model.weights[index][0] >= min(prior.weights[index][0], 0), "\(word)")
    }
    let damn = model.words.firstIndex(of: "damn")!
    #expect(model.weights[damn][0] < prior.weights[damn][0])
    #expect(model.weights[model.words.firstIndex(of: "black")!][0] == 0)
    #expect(model.category(of: "you moron") == .insult)
    #expect(model.category(of: "what a twat") == .profanity)
    #expect(model.probability("you moron") > 0.5)
    #expect(model.provenance == ["test"])
}

@Test func theThresholdLetsThroughTheAskedShareOfCleanMessages() {
    var settings = ToxicityTrainingSettings()
    settings.cleanNoticeRate = 0.01
    let model = ToxicityModel(training: examples, prior: prior(), settings: settings, provenance: [])
    let clean = examples.filter { $0.label == .clean }
    let noticed = clean.filter { model.probability($0.text) >= 0.5 }.count
    #expect(noticed <= clean.count / 50)
}

@Test(arguments: [
    ("clean\thi", ToxicityExample.Label.clean), ("insult\tyou x", .toxic(.insult)), ("flirtation\tx", .toxic(.sexual)),
    ("sexually_explicit\tx", .toxic(.sexual)), ("severe_toxicity\tx", .toxic(nil)), ("identity_attack\tx", .toxic(.identityAttack)),
])
func dataLabelsAreRead(line: String, label: ToxicityExample.Label) throws {
    #expect(try ToxicityExample(tsvLine: line[...], file: "d.tsv", line: 1).label == label)
}

@Test func aBadDataLineSaysWhereAndWhat() {
    #expect(throws: ToxicityModelError.self) { try ToxicityExample(tsvLine: "rude\tx", file: "d.tsv", line: 7) }
    do {
        _ = try ToxicityExample(tsvLine: "no tab here", file: "d.tsv", line: 3)
    } catch {
        #expect(error.description == "d.tsv:3: no TAB between the label and the text")
    }
}

@Test func trainingTwiceWritesTheSameFile() {
    let first = ToxicityModel(training: examples, prior: prior(), settings: ToxicityTrainingSettings(), provenance: [])
    let second = ToxicityModel(training: examples, prior: prior(), settings: ToxicityTrainingSettings(), provenance: [])
    #expect(first.fileText == second.fileText)
}

@Test func settingsOutOfBoundsTakeTheirDefaultsAndWeightsStayReadable() throws {
    var settings = ToxicityTrainingSettings()
    settings.cleanNoticeRate = .nan
    settings.iterations = -5
    settings.learningRate = 50
    let model = ToxicityModel(training: examples, prior: prior(), settings: settings, provenance: [])
    #expect(try ToxicityModel.parse(model.fileText, file: "m.tsv").words == model.words)
}
