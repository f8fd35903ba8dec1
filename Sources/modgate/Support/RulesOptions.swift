import ArgumentParser
import ModGateRules

/// `--rules DIR`, shared by the commands that judge messages.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    /// Loads the rules, or fails with every problem and exit status 2.
    func load() throws -> RuleSet { try Self.load(rules) }

    static func load(_ directory: String) throws -> RuleSet {
        do {
            return try RulesLoader.load(directory: directory)
        } catch {
            throw ValidationError("the rules in '\(directory)' cannot be used:\n\(error)")
        }
    }
}
