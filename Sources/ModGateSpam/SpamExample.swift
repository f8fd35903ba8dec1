/// A message with its label, as training and evaluation data holds it.
public struct SpamExample: Sendable, Equatable {
    public var text: String
    public var isSpam: Bool

    public init(text: String, isSpam: Bool) {
        self.text = text
        self.isSpam = isSpam
    }

    /// Reads one `spam|ham<TAB>text` line; `file` and `line` go into the error.
    public init(tsvLine: String, file: String, line: Int) throws(SpamDataError) {
        guard let tab = tsvLine.firstIndex(of: "\t") else {
            throw SpamDataError(file: file, line: line, message: "no TAB between the label and the text")
        }
        switch tsvLine[..<tab] {
        case "spam": isSpam = true
        case "ham": isSpam = false
        case let label:
            throw SpamDataError(file: file, line: line, message: "label '\(label)' is neither 'spam' nor 'ham'")
        }
        text = String(tsvLine[tsvLine.index(after: tab)...])
    }
}

/// A line of labelled data that cannot be read, with where it is and what is wrong.
public struct SpamDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message); expected 'spam' or 'ham', a TAB, then the text" }
}
