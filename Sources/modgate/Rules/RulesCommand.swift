import ArgumentParser

/// `modgate rules ...`: check, test and explain rules files.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, test and explain rules files.",
        subcommands: [RulesCheck.self, RulesTest.self, RulesExplain.self, RulesReload.self]
    )
}
