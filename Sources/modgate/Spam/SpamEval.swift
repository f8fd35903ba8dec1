import ArgumentParser
import ModGateSpam

/// `modgate spam eval --data FILE [--chat FILE] [--model PATH] [--folds K] [--json]`: precision, recall and F1
/// for spam, and how much ordinary chat is called spam.
struct SpamEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the spam model: k-fold cross-validation on a labelled file, or a given model on held-out data.",
        discussion: "Spam is the positive class. Folds are shuffled with a fixed seed, so runs repeat exactly."
    )

    @Option(help: "Labelled messages: 'spam' or 'ham', a TAB, the text; one per line.")
    var data: String

    @Option(help: "Ordinary chat, one message a line: counted where called spam; cross-validation also learns from it.")
    var chat: String?

    @Option(help: "A trained model to test on the data, held out from its training; without it, cross-validate.")
    var model: String?

    @Option(help: "How many folds to cross-validate with.")
    var folds = 5

    @Flag(help: "Print one JSON object with precision, recall, f1, tp, fp, fn, tn, folds, chatLines and chatSpam.")
    var json = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be 2 or more, for example --folds 5") }
    }

    func run() throws {
        let examples = try SpamFiles.examples(data)
        let lines = try chat.map(SpamFiles.chat) ?? []
        let evaluation: SpamEvaluation
        if let model {
            evaluation = SpamEvaluation(model: try SpamFiles.load(model), examples: examples, chat: lines)
        } else {
            guard examples.count >= folds else {
                throw ValidationError("'\(data)' has \(examples.count) messages, fewer than --folds \(folds)")
            }
            evaluation = SpamEvaluation(crossValidating: examples, chat: lines, folds: folds) {
                SpamModel(training: $0, chat: $1)
            }
        }
        let usedFolds = model == nil ? folds : nil
        print(json ? jsonLine(EvalJSON(evaluation, folds: usedFolds)) : report(evaluation, folds: usedFolds))
    }

    private func report(_ evaluation: SpamEvaluation, folds: Int?) -> String {
        let method = folds.map { "\($0)-fold cross-validation" } ?? "held-out test of \(model ?? "")"
        let matrix = """
            \(method) on \(data), spam positive:
            precision \(evaluation.precision.fixed4)  recall \(evaluation.recall.fixed4)  f1 \(evaluation.f1.fixed4)
                          called spam  called ham
              spam        \(pad(evaluation.tp))  \(pad(evaluation.fn))
              ham         \(pad(evaluation.fp))  \(pad(evaluation.tn))
            """
        guard let chat else { return matrix }
        let called = "\(evaluation.chatCalledSpam) of \(evaluation.chatLines) lines called spam"
        return matrix + "\nchat in \(chat): \(called) (\((evaluation.chatRate * 100).fixed4)%)"
    }

    private func pad(_ count: Int) -> String {
        let text = String(count)
        return String(repeating: " ", count: max(0, 11 - text.count)) + text
    }
}

/// `spam eval --json`.
private struct EvalJSON: Encodable {
    var precision, recall, f1: Double
    var tp, fp, fn, tn: Int
    var folds: Int?
    var chatLines, chatSpam: Int?

    init(_ evaluation: SpamEvaluation, folds: Int?) {
        (precision, recall, f1) = (evaluation.precision, evaluation.recall, evaluation.f1)
        (tp, fp, fn, tn) = (evaluation.tp, evaluation.fp, evaluation.fn, evaluation.tn)
        self.folds = folds
        if evaluation.chatLines > 0 { (chatLines, chatSpam) = (evaluation.chatLines, evaluation.chatCalledSpam) }
    }
}

extension Double {
    /// Four decimals, for ratios.
    fileprivate var fixed4: String {
        let scaled = Int((self * 10_000).rounded())
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
