import ArgumentParser
import ModGateSpam

/// `modgate spam train --data FILE [--chat FILE] [--model PATH]`: trains a model on the whole file and writes it.
struct SpamTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the spam model on a labelled file and write it."
    )

    @Option(help: "Labelled messages: 'spam' or 'ham', a TAB, the text; one per line.")
    var data: String

    @Option(help: "Ordinary chat, one message a line, learnt as a second kind of ham so that chat does not read as spam.")
    var chat: String?

    @Option(help: "Where to write the model.")
    var model = "rules/spam-model.json"

    func run() throws {
        let examples = try SpamFiles.examples(data)
        let lines = try chat.map(SpamFiles.chat) ?? []
        let trained = SpamModel(training: examples, chat: lines)
        try SpamFiles.save(trained, to: model)
        let chatPart = lines.isEmpty ? "" : " and \(lines.count) chat lines"
        let counts = "\(examples.count) messages (\(trained.spamMessages) spam, \(trained.hamMessages) ham)\(chatPart)"
        print("trained on \(counts); wrote \(model)")
    }
}
