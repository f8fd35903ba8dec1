import ArgumentParser

/// `modgate toxicity ...`: train and evaluate the toxicity model.
struct ToxicityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toxicity",
        abstract: "Train and evaluate the toxicity model on labelled messages (a label, a TAB, the text).",
        discussion: "Labels: clean, toxic, insult, threat, sexual, identity_attack, profanity (docs/toxicity.md).",
        subcommands: [ToxicityTrain.self, ToxicityEval.self]
    )
}
