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

/// A rule whose examples would pass just as well for another rule.
public struct IndistinctRule: Sendable, CustomStringConvertible {
    public var rule: String
    public var location: SourceLocation
    /// The rules that fire on every one of its `match` examples and on none of its `no_match` ones.
    public var alsoFired: [String]

    public var description: String {
        "WARN \(rule) (\(location)): its examples do not tell it apart from \(alsoFired.joined(separator: ", ")), which fires on every match example and no no_match one; add an example only one of them matches"
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
        guard rule.definition.enabled else {
            return rule.evaluate(Normalizer(level: rule.definition.normalization).normalize(example.text), context: message(rule, example).context)
        }
        return rules.evaluate(message(rule, example)).first { $0.rule == rule.id }
    }

    /// `example` as the message `rule` reads: its text, or for a rule on the user name, an empty message from that name.
    static func message(_ rule: CompiledRule, _ example: RuleExample) -> Message {
        var context = example.context
        guard rule.definition.field == .user else { return Message(text: example.text, context: context) }
        context.userName = example.text
        return Message(text: "", context: context)
    }

    /// The enabled rules whose examples no longer tell them apart from another rule: that rule fires on every `match`
    /// example that fires them, and on none of their `no_match` examples, so the examples would pass for either.
    public static func indistinct(_ rules: RuleSet) -> [IndistinctRule] {
        rules.rules.compactMap { rule in
            guard rule.definition.enabled, !rule.definition.matchExamples.isEmpty else { return nil }
            var others: [String]?
            for example in rule.definition.matchExamples {
                let fired = rules.evaluate(message(rule, example)).map(\.rule)
                guard fired.contains(rule.id) else { continue }
                others = (others ?? fired).filter { $0 != rule.id && fired.contains($0) }
            }
            for example in rule.definition.noMatchExamples where others?.isEmpty == false {
                let fired = rules.evaluate(message(rule, example)).map(\.rule)
                others = others?.filter { !fired.contains($0) }
            }
            guard let others, !others.isEmpty else { return nil }
            return IndistinctRule(rule: rule.id, location: rule.definition.location, alsoFired: others)
        }
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
