import Foundation
@testable import ModGateToxicity
import Testing

/// A model of four words: "idiot" is an insult, "kill" a threat, "hello" leans clean, "the" says nothing.
let smallModel = ToxicityModel(
    words: ["idiot", "kill", "hello", "the"], idf: [4, 3, 2, 1],
    weights: [SIMD8(3, 2, 0, 0, 0, 0, 0, 0), SIMD8(2, 0, 2, 0, 0, 0, 0, 0), SIMD8(-2, 0, 0, 0, 0, 0, 0, 0), SIMD8()],
    bias: SIMD8(-1, -1, -1, -1, -1, -1, 0, 0), threshold: 0, provenance: ["a test model"])

@Test func aKnownBadWordMakesAMessageToxicOfItsCategory() {
    #expect(smallModel.probability("You IDIOT!") > 0.5)
    #expect(smallModel.category(of: "You IDIOT!") == .insult)
    #expect(smallModel.category(of: "I will kill the lights") == .threat)
    #expect(smallModel.probability("hello there") < 0.5)
    #expect(smallModel.probability("") < 0.5)
}

@Test func wordsAreReadAsTheLexiconReadThem() {
    // Case folds, an apostrophe separates, one-letter words and punctuation vanish, curly quotes separate.
    #expect(smallModel.topWords("“IDIOT”, you idiot's a idiot").map(\.word) == ["idiot"])
    #expect(smallModel.probability("idiots") < 0.5)
}

@Test func aRepeatedInsultWeighsMore() {
    #expect(smallModel.probability("idiot idiot idiot") > smallModel.probability("idiot"))
}

@Test func cleanWordsBesideABadOneLowerItsToxicity() {
    #expect(smallModel.probability("hello idiot") < smallModel.probability("idiot"))
}

@Test func topWordsAreTheLargestContributionsFirst() {
    let words = smallModel.topWords("hello idiot, kill the idiot")
    #expect(words.map(\.word) == ["idiot", "kill"])
    #expect(words[0].contribution > words[1].contribution)
}

@Test func scoringReadsWhatTheCategoriesRead() {
    // The fast path (toxicity alone, from the table) and the slow one (every output) agree.
    for text in ["you idiot", "hello", "kill kill hello the", "nothing known here", ""] {
        let logit = Double(smallModel.logits(text)[0] - smallModel.threshold)
        #expect(abs(smallModel.probability(text) - 1 / (1 + exp(-logit))) < 1e-9, "\(text)")
    }
}

@Test func theFileKeepsTheModelAndItsProvenance() throws {
    let read = try ToxicityModel.parse(smallModel.fileText, file: "m.tsv")
    #expect(read.words == smallModel.words)
    #expect(read.provenance == ["a test model"])
    for text in ["you idiot", "hello", "kill kill hello"] {
        #expect(abs(read.probability(text) - smallModel.probability(text)) < 1e-4)
    }
}

@Test func aWordNamedLikeAKeywordIsAWord() throws {
    let model = ToxicityModel(
        words: ["threshold", "bias"], idf: [1, 1], weights: [SIMD8(), SIMD8()], bias: SIMD8(), threshold: 0, provenance: [])
    #expect(try ToxicityModel.parse(model.fileText, file: "m.tsv").words == ["threshold", "bias"])
}

@Test(arguments: [
    ("hello", "m.tsv:1: not a toxicity model"),
    ("modgate-toxicity\t1\nbias\t1 2 3\n", "m.tsv:2: expected 'bias'"),
    ("modgate-toxicity\t1\nbias\t0 0 0 0 0 0\nthreshold\tinf\n", "m.tsv:3: expected 'threshold'"),
    ("modgate-toxicity\t1\nbias\t0 0 0 0 0 0\nthreshold\t0\nidiot\t1\t1 1 1 1 1 1\nidiot\t1\t1 1 1 1 1 1\n", "m.tsv:5: 'idiot' appears twice"),
    ("modgate-toxicity\t1\nbias\t0 0 0 0 0 0\nthreshold\t0\nIdiot\t1\t1 1 1 1 1 1\n", "m.tsv:4: 'Idiot' is not one lower-case word"),
    ("modgate-toxicity\t1\nbias\t0 0 0 0 0 0\nthreshold\t0\nidiot\t1\t1 1 1 1 1 1e9\n", "m.tsv:4: expected a word"),
    ("modgate-toxicity\t1\nbias\t0 0 0 0 0 0\n", "m.tsv: not a toxicity model: 'bias' and 'threshold' lines are missing"),
])
func aBrokenFileSaysWhereAndWhat(text: String, expected: String) {
    #expect {
        _ = try ToxicityModel.parse(text, file: "m.tsv")
    } throws: { error in
        (error as? ToxicityModelError)?.description.hasPrefix(expected) == true
    }
}

@Test func theBuiltInModelLoadsAndReadsAbuse() throws {
    let model = try ToxicityModel.builtIn()
    #expect(model.words.count > 10_000)
    #expect(!model.provenance.isEmpty)
    #expect(model.probability("you are a fucking idiot") > 0.9)
    #expect(model.probability("see you at lunch tomorrow?") < 0.5)
    #expect(model.probability("the black cat sat on my gay friend's lap") < 0.5)
}

@Test func aSymbolGluedToAWordSeparatesIt() {
    // Emoji, symbols and general punctuation are not letters: "idiot😂" is the word "idiot".
    #expect(smallModel.topWords("you😂idiot🤡 and·idiot").map(\.word) == ["idiot"])
    #expect(smallModel.probability("hello😂idiot") == smallModel.probability("hello idiot"))
    // Letters and marks of other scripts stay in the word.
    #expect(smallModel.topWords("idioté idiot").count == 1)
}

@Test func provenanceIsOneCommentLineEach() throws {
    let model = ToxicityModel(
        words: [], idf: [], weights: [], bias: SIMD8(), threshold: 0, provenance: ["two\nlines", "  indented", "cr\r\n"])
    #expect(model.provenance == ["two lines", "indented", "cr "])
    #expect(try ToxicityModel.parse(model.fileText, file: "m.tsv").provenance == model.provenance)
}
