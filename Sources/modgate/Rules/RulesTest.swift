import ArgumentParser
import ModGateRules

/// `modgate rules test [DIR]`: runs every rule's examples.
struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's match and no_match examples; exit 1 on any failure. Also warns of rules whose examples do not tell them apart from another rule."
    )

    @Argument(help: "The rules directory.")
    var directory: String = "rules"

    func run() throws {
        let rules = try RulesOptions.load(directory)
        let (passed, failures) = RuleExamples.run(rules)
        for failure in failures { print(failure) }
        let indistinct = RuleExamples.indistinct(rules)
        for rule in indistinct { print(rule) }
        print("\(passed) passed, \(failures.count) failed" + (indistinct.isEmpty ? "" : ", \(indistinct.count) rule(s) not told apart by their examples"))
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
