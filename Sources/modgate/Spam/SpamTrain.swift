import ArgumentParser
import ModGateSpam

/// `modgate spam train --data FILE [--model PATH]`: trains a model on the whole file and writes it.
struct SpamTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the spam model on a labelled file and write it."
    )

    @Option(help: "Labelled messages: 'spam' or 'ham', a TAB, the text; one per line.")
    var data: String

    @Option(help: "Where to write the model.")
    var model = "rules/spam-model.json"

    func run() throws {
        let examples = try SpamFiles.examples(data)
        let trained = SpamModel(training: examples)
        try SpamFiles.save(trained, to: model)
        print("trained on \(examples.count) messages (\(trained.spamMessages) spam, \(trained.hamMessages) ham); wrote \(model)")
    }
}
