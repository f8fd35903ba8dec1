import Foundation
import ModGateCore

/// What `check --baseline` found: how many verdicts changed, by transition (`allow -> hold`) and by the rules that
/// fired on one side only, with a few examples of each transition.
struct BaselineReport: Encodable {
    /// How many examples each transition keeps.
    static let examplesPerTransition = 3

    var messages = 0
    var errors = 0
    var changed = 0
    var transitions: [String: Int] = [:]
    var rules: [String: RuleChanges] = [:]
    var examples: [String: [Change]] = [:]

    /// How often a rule fired on one side only, among the changed messages.
    struct RuleChanges: Encodable {
        /// Fired with the new rules, not with the baseline.
        var added = 0
        /// Fired with the baseline, not with the new rules.
        var removed = 0
    }

    /// One message whose verdict changed.
    struct Change: Encodable {
        let line: Int
        let text: String
        let old: Side
        let new: Side

        var transition: String { "\(old.verdict) -> \(new.verdict)" }

        /// `line N  old -> new  [old rules] -> [new rules]  text`, the text made harmless and cut short.
        var report: String {
            let shown = TextLayout.truncate(TextLayout.sanitize(text), to: 60)
            return "line \(line)  \(transition)  [\(old.rules.joined(separator: ", "))] -> [\(new.rules.joined(separator: ", "))]  \(shown)"
        }
    }

    /// A verdict as the report shows it: the action, its score and the rules that fired (enforced or shadow).
    struct Side: Encodable {
        let verdict: String
        let score: Double
        let rules: [String]

        init(_ verdict: Verdict) {
            self.verdict = verdict.action.rawValue
            score = verdict.score
            var seen = Set<String>()
            rules = verdict.findings.map(\.rule).filter { seen.insert($0).inserted }
        }
    }

    /// Counts one message; the change when its verdict differs, else nil.
    mutating func add(old: Verdict, new: Verdict, text: String, line: Int) -> Change? {
        messages += 1
        guard old.action != new.action else { return nil }
        let change = Change(line: line, text: text, old: Side(old), new: Side(new))
        changed += 1
        transitions[change.transition, default: 0] += 1
        for rule in change.new.rules where !change.old.rules.contains(rule) { rules[rule, default: RuleChanges()].added += 1 }
        for rule in change.old.rules where !change.new.rules.contains(rule) { rules[rule, default: RuleChanges()].removed += 1 }
        if examples[change.transition, default: []].count < Self.examplesPerTransition {
            examples[change.transition, default: []].append(change)
        }
        return change
    }

    /// The summary printed after the changed messages.
    var summary: String {
        var lines = ["messages: \(messages), changed: \(changed)" + (errors > 0 ? " (\(errors) unreadable lines skipped)" : "")]
        lines.append(transitions.isEmpty ? "transitions: none" : "transitions:")
        for (transition, count) in transitions.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            lines.append("  \(transition.padding(toLength: 32, withPad: " ", startingAt: 0)) \(count)")
        }
        let firings = rules.flatMap { rule, counts in [("+" + rule, counts.added), ("-" + rule, counts.removed)].filter { $0.1 > 0 } }
        lines.append(firings.isEmpty ? "rules: none" : "rules (+ fired only with the new rules, - only with the baseline):")
        for (rule, count) in firings.sorted(by: { ($0.1, $1.0) > ($1.1, $0.0) }) {
            lines.append("  \(rule.padding(toLength: 32, withPad: " ", startingAt: 0)) \(count)")
        }
        if !examples.isEmpty { lines.append("examples:") }
        for (transition, changes) in examples.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(transition)")
            lines.append(contentsOf: changes.map { "    " + $0.report })
        }
        return lines.joined(separator: "\n")
    }
}
