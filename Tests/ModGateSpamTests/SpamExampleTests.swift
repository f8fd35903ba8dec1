import Testing

@testable import ModGateSpam

@Test func readsLabelledLines() throws {
    #expect(try SpamExample(tsvLine: "spam\tWin\tnow", file: "f", line: 1) == SpamExample(text: "Win\tnow", isSpam: true))
    #expect(try SpamExample(tsvLine: "ham\t", file: "f", line: 1) == SpamExample(text: "", isSpam: false))
}

@Test func badLinesNameFileAndLine() {
    #expect(throws: SpamDataError(file: "data.tsv", line: 3, message: "no TAB between the label and the text")) {
        try SpamExample(tsvLine: "spam win now", file: "data.tsv", line: 3)
    }
    let error = #expect(throws: SpamDataError.self) { try SpamExample(tsvLine: "Spam\tx", file: "data.tsv", line: 9) }
    #expect(error?.description.hasPrefix("data.tsv:9: label 'Spam' is neither 'spam' nor 'ham'") == true)
}
