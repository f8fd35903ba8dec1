import ArgumentParser
import Foundation
import ModGateRules

/// `modgate rules check [DIR]`: every problem in a rules directory, one `file:line:column: message` line each.
struct RulesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a rules directory: exit 0, or exit 1 with one 'file:line:column: message' line per problem."
    )

    @Argument(help: "The rules directory.")
    var directory: String = "rules"

    func run() throws {
        do {
            let rules = try RulesLoader.load(directory: directory)
            let enabled = rules.rules.filter(\.definition.enabled).count
            print("\(directory): \(rules.rules.count) rules (\(enabled) enabled), no problems")
        } catch {
            for problem in error.problems { print(problem) }
            printError("\(error.problems.count) problem(s); the rules were not loaded")
            throw ExitCode(1)
        }
    }
}
