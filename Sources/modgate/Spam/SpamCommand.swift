import ArgumentParser

/// `modgate spam ...`: train and evaluate the naive Bayes spam model.
struct SpamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spam",
        abstract: "Train and evaluate the spam model on labelled messages (spam|ham, a TAB, the text).",
        subcommands: [SpamTrain.self, SpamEval.self]
    )
}
