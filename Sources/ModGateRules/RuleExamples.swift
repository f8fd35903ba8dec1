import Foundation
import ModGateCore
import ModGateText

/// An example that did not do what its rule says it should.
public struct ExampleFailure: Sendable, CustomStringConvertible {
    public var rule: String
    public var example: RuleExample
    /// True for a `match` example that did not match; false for a `no_match` example that did.
    public var expectedMatch: Bool
    /// What happened instead, for the moderator.
    public var outcome: String

    public var description: String {
        let kind = expectedMatch ? "match" : "no_match"
        return "FAIL \(rule): \(kind) example \(quoted(example.text)) (\(example.location)) \(outcome)"
    }
}

/// Runs every rule's `match` and `no_match` examples.
public enum RuleExamples {
    /// How many examples passed, and each failure. Enabled rules are judged through the whole rule set,
    /// as messages are; disabled ones on their own.
    public static func run(_ rules: RuleSet) -> (passed: Int, failures: [ExampleFailure]) {
        var passed = 0
        var failures: [ExampleFailure] = []
        for rule in rules.rules {
            for (examples, expectMatch) in [(rule.definition.matchExamples, true), (rule.definition.noMatchExamples, false)] {
                for example in examples {
                    let finding = fire(rule, on: example, in: rules)
                    if (finding != nil) == expectMatch {
                        passed += 1
                    } else {
                        failures.append(
                            ExampleFailure(
                                rule: rule.id, example: example, expectedMatch: expectMatch,
                                outcome: outcome(of: finding, rule: rule, example: example)))
                    }
                }
            }
        }
        return (passed, failures)
    }

    /// The finding `rule` makes about `example`, if it fires.
    static func fire(_ rule: CompiledRule, on example: RuleExample, in rules: RuleSet) -> Finding? {
        var context = example.context
        let text: String
        if rule.definition.field == .user {
            context.userName = example.text
            text = ""
        } else {
            text = example.text
        }
        guard rule.definition.enabled else {
            let field = rule.definition.field == .user ? example.text : text
            return rule.evaluate(Normalizer(level: rule.definition.normalization).normalize(field), context: context)
        }
        return rules.evaluate(Message(text: text, context: context)).first { $0.rule == rule.id }
    }

    private static func outcome(of finding: Finding?, rule: CompiledRule, example: RuleExample) -> String {
        let normalized = Normalizer(level: rule.definition.normalization).normalize(example.text).string
        guard let finding else {
            let conditions = rule.definition.conditions
            let blocked = conditions != RuleConditions() && !conditions.hold(for: example.context)
            return blocked
                ? "did not match: the rule's 'when' conditions do not hold for this example"
                : "did not match; normalised (\(rule.definition.normalization.rawValue)) it reads \(quoted(normalized))"
        }
        let matched = finding.spans.map { quoted(example.text.utf8Slice($0)) }.joined(separator: ", ")
        return "matched \(matched); normalised (\(rule.definition.normalization.rawValue)) it reads \(quoted(normalized))"
    }
}

/// `text` in double quotes, with quotes and newlines escaped.
func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
}
