import ArgumentParser
import ModGateToxicity

/// `modgate toxicity eval --data FILE... [--model PATH] [--json]`: how much of each label the model notices.
struct ToxicityEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a toxicity model on held-out labelled messages: the share of each label it notices.",
        discussion: "A message is noticed when its toxicity reaches 0.5; for a labelled category, 'category' is the share noticed with that category."
    )

    @Option(help: "Labelled messages: a label, a TAB, the text; one per line. Repeat for several files.")
    var data: [String]

    @Option(help: "The model to test; without it, the model built into this binary.")
    var model: String?

    @Flag(help: "Print one JSON object: for each label, messages, noticed and category.")
    var json = false

    func run() throws {
        let toxicity = try ToxicityFiles.load(model)
        var rows: [String: LabelCounts] = [:]
        for example in try ToxicityFiles.examples(data) {
            let probability = toxicity.probability(example.text)
            let name: String
            var category: ToxicityCategory?
            switch example.label {
            case .clean: name = "clean"
            case .toxic(let labelled): (name, category) = (labelled?.rawValue ?? "toxic", labelled)
            }
            let noticed = probability >= 0.5
            rows[name, default: LabelCounts()].add(
                noticed: noticed, rightCategory: noticed && category == toxicity.category(of: example.text))
        }
        if json {
            print(jsonLine(rows.mapValues(LabelJSON.init)))
            return
        }
        print("label              messages  noticed  category")
        for (name, counts) in rows.sorted(by: { $0.key < $1.key }) {
            let category = name == "clean" || name == "toxic" ? "" : share(counts.rightCategory, of: counts.messages)
            print(pad(name, 17) + pad(String(counts.messages), 10, left: true) + pad(share(counts.noticed, of: counts.messages), 9, left: true) + pad(category, 10, left: true))
        }
    }

    private func share(_ count: Int, of total: Int) -> String {
        let tenths = total == 0 ? 0 : (count * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}

/// What one label's messages got.
private struct LabelCounts {
    var messages = 0
    var noticed = 0
    var rightCategory = 0

    /// `isRight`: noticed, with the labelled category.
    mutating func add(noticed isNoticed: Bool, rightCategory isRight: Bool) {
        messages += 1
        noticed += isNoticed ? 1 : 0
        rightCategory += isRight ? 1 : 0
    }
}

/// `toxicity eval --json`, per label.
private struct LabelJSON: Encodable {
    var messages, noticed, category: Int

    init(_ counts: LabelCounts) { (messages, noticed, category) = (counts.messages, counts.noticed, counts.rightCategory) }
}
