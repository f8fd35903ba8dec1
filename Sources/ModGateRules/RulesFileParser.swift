import Foundation
import ModGateCore
import ModGateText
import Yams

/// Turns one rules file into rule definitions, collecting every problem with its file, line and column.
struct RulesFileParser {
    static let ruleKeys = [
        "id", "description", "patterns", "words", "words_file", "field", "normalize", "action", "score", "reason",
        "mode", "min_matches", "check", "when", "enabled", "examples",
    ]
    static let conditionKeys = [
        "reputation_below", "reputation_above", "account_age_below", "account_age_above", "rooms", "except_rooms",
    ]
    static let exampleKeys = ["text", "user_name", "room", "reputation", "account_age"]

    private var nodes: YAMLNodes
    private let directory: URL

    /// - Parameters:
    ///   - file: the path to show in problems.
    ///   - directory: where `words_file` paths start.
    init(file: String, directory: URL) {
        self.nodes = YAMLNodes(file: file)
        self.directory = directory
    }

    var problems: [RulesProblem] { nodes.problems }

    mutating func parse(_ yaml: String) -> [RuleDefinition] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            nodes.problems.append(YAMLNodes.problem(from: error, file: nodes.file))
            return []
        }
        guard let root else { return [] }
        let top = nodes.pairs(root, of: "a rules file", known: ["rules"])
        guard let rules = top.first?.value else { return [] }
        guard let sequence = rules.sequence else {
            nodes.report(rules, "'rules' must be a list of rules, each starting with '- id:'")
            return []
        }
        return sequence.compactMap { parseRule($0) }
    }

    private mutating func parseRule(_ node: Node) -> RuleDefinition? {
        var rule = RuleDefinition(id: "", location: nodes.location(of: node))
        for (key, value) in nodes.pairs(node, of: "a rule", known: Self.ruleKeys) {
            switch key {
            case "id": rule.id = nodes.string(value, key) ?? ""
            case "description": rule.description = nodes.string(value, key) ?? ""
            case "patterns": rule.patterns = nodes.strings(value, key)
            case "words": rule.words += nodes.strings(value, key).map(\.value)
            case "words_file": rule.words += readWords(value)
            case "field": rule.field = nodes.choice(value, key) ?? .text
            case "normalize": rule.normalization = nodes.choice(value, key) ?? .full
            case "action":
                let action: RuleAction? = nodes.choice(value, key)
                rule.action = action?.action
            case "score": rule.score = nodes.number(value, key, in: -1000...1000)
            case "reason": rule.reason = nodes.string(value, key) ?? ""
            case "mode": rule.mode = nodes.choice(value, key) ?? .enforce
            case "min_matches": rule.minMatches = nodes.wholeNumber(value, key, in: 1...CompiledRule.spanLimit) ?? 1
            case "check": rule.check = nodes.choice(value, key)
            case "when": rule.conditions = parseConditions(value)
            case "enabled": rule.enabled = nodes.bool(value, key) ?? true
            case "examples": parseExamples(value, into: &rule)
            default: break
            }
        }
        guard !rule.id.isEmpty else {
            nodes.report(node, "a rule needs an 'id', such as 'scams.free-money'")
            return nil
        }
        if rule.action == nil && rule.score == nil {
            nodes.report(node, "rule '\(rule.id)' has neither 'action' nor 'score'; give it at least one")
        }
        if rule.patterns.isEmpty && rule.words.isEmpty {
            nodes.report(node, "rule '\(rule.id)' matches nothing; give it 'patterns', 'words' or 'words_file'")
        }
        return rule
    }

    private mutating func parseConditions(_ node: Node) -> RuleConditions {
        var conditions = RuleConditions()
        for (key, value) in nodes.pairs(node, of: "'when'", known: Self.conditionKeys) {
            switch key {
            case "reputation_below": conditions.reputationBelow = nodes.number(value, key, in: 0...1)
            case "reputation_above": conditions.reputationAbove = nodes.number(value, key, in: 0...1)
            case "account_age_below": conditions.accountAgeBelow = nodes.duration(value, key)
            case "account_age_above": conditions.accountAgeAbove = nodes.duration(value, key)
            case "rooms": conditions.rooms = Set(nodes.strings(value, key).map(\.value))
            case "except_rooms": conditions.exceptRooms = Set(nodes.strings(value, key).map(\.value))
            default: break
            }
        }
        return conditions
    }

    private mutating func parseExamples(_ node: Node, into rule: inout RuleDefinition) {
        for (key, value) in nodes.pairs(node, of: "'examples'", known: ["match", "no_match"]) {
            guard let items = value.sequence else {
                nodes.report(value, "'\(key)' must be a list of example texts")
                continue
            }
            let examples = items.compactMap { parseExample($0) }
            if key == "match" { rule.matchExamples = examples } else { rule.noMatchExamples = examples }
        }
    }

    private mutating func parseExample(_ node: Node) -> RuleExample? {
        var example = RuleExample(
            text: "", context: MessageContext(user: "example", room: "example", time: 0),
            location: nodes.location(of: node))
        if let scalar = node.scalar {
            example.text = scalar.string
            return example
        }
        var hasText = false
        for (key, value) in nodes.pairs(node, of: "an example", known: Self.exampleKeys) {
            switch key {
            case "text":
                example.text = nodes.string(value, key) ?? ""
                hasText = true
            case "user_name": example.context.userName = nodes.string(value, key)
            case "room": example.context.room = nodes.string(value, key) ?? "example"
            case "reputation": example.context.reputation = nodes.number(value, key, in: 0...1)
            case "account_age": example.context.accountAge = nodes.duration(value, key)
            default: break
            }
        }
        if !hasText { nodes.report(node, "an example given as a mapping needs 'text'") }
        return hasText ? example : nil
    }

    /// The words of a word-list file: one a line, blank lines and `#` comments skipped.
    private mutating func readWords(_ node: Node) -> [String] {
        guard let path = nodes.string(node, "words_file") else { return [] }
        let url = URL(fileURLWithPath: path, relativeTo: directory)
        guard let contents = try? String(contentsOf: url, encoding: .utf8) else {
            nodes.report(node, "cannot read word list '\(path)' (looked for \(url.path)); the path is relative to the rules file")
            return []
        }
        return contents.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// The actions a rule may name; `none` means the rule only adds score.
enum RuleAction: String, CaseIterable {
    case reject, hold, shadow, redact, none

    var action: Action { Action(rawValue: rawValue) ?? .allow }
}
