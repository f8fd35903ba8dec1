/// A message with its label, as training and evaluation data holds it: `label<TAB>text`.
public struct ToxicityExample: Sendable, Equatable {
    /// What a message is labelled: clean, toxic without a category, or toxic of one category.
    public enum Label: Sendable, Hashable {
        case clean
        case toxic(ToxicityCategory?)
    }

    public var label: Label
    public var text: String

    public init(label: Label, text: String) {
        self.label = label
        self.text = text
    }

    /// The labels a data file may use: the categories, `clean` and `toxic`, and the category names of the
    /// toxic openings in ../shared/data (flirtation and sexually_explicit are sexual; severe_toxicity has no category).
    static let labels: [String: Label] = {
        var labels: [String: Label] = ["clean": .clean, "toxic": .toxic(nil), "severe_toxicity": .toxic(nil)]
        for category in ToxicityCategory.allCases { labels[category.rawValue] = .toxic(category) }
        labels["sexually_explicit"] = .toxic(.sexual)
        labels["flirtation"] = .toxic(.sexual)
        return labels
    }()

    /// Reads one `label<TAB>text` line; `file` and `line` go into the error.
    public init(tsvLine: Substring, file: String, line: Int) throws(ToxicityModelError) {
        guard let tab = tsvLine.firstIndex(of: "\t") else {
            throw ToxicityModelError("\(file):\(line): no TAB between the label and the text")
        }
        guard let label = Self.labels[String(tsvLine[..<tab])] else {
            let known = Self.labels.keys.sorted().joined(separator: ", ")
            throw ToxicityModelError("\(file):\(line): unknown label '\(tsvLine[..<tab])'; expected one of \(known)")
        }
        self.label = label
        text = String(tsvLine[tsvLine.index(after: tab)...])
    }
}
