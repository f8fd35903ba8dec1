import ModGateCore
import Yams

/// Reads typed values out of a YAML tree and records a problem, with its place, for each one that is wrong.
package struct YAMLNodes {
    package let file: String
    package var problems: [RulesProblem] = []

    package func location(of node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    package mutating func report(_ node: Node?, _ message: String) {
        problems.append(RulesProblem(location(of: node), message))
    }

    /// The pairs of a mapping whose keys are all in `known`; each unknown key is a problem.
    package init(file: String) { self.file = file }

    package mutating func pairs(_ node: Node, of what: String, known: [String]) -> [(key: String, value: Node)] {
        guard let mapping = node.mapping else {
            report(node, "\(what) must be a mapping of keys to values")
            return []
        }
        var pairs: [(key: String, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string, known.contains(key) else {
                let key = keyNode.scalar?.string ?? "?"
                let hint = Self.closest(to: key, in: known).map { "did you mean '\($0)'? " } ?? ""
                report(keyNode, "unknown key '\(key)' in \(what); \(hint)known keys: \(known.joined(separator: ", "))")
                continue
            }
            pairs.append((key, value))
        }
        return pairs
    }

    package mutating func string(_ node: Node, _ key: String) -> String? {
        guard let scalar = node.scalar else {
            report(node, "'\(key)' must be a single value, not a list or mapping")
            return nil
        }
        return scalar.string
    }

    package mutating func number(_ node: Node, _ key: String, in range: ClosedRange<Double>) -> Double? {
        value(node, key, in: range, kind: "a number", parse: { Double($0) })
    }

    /// A whole number in `range`: a fraction or a number outside it is reported, never rounded.
    package mutating func wholeNumber(_ node: Node, _ key: String, in range: ClosedRange<Int>) -> Int? {
        value(node, key, in: range, kind: "a whole number", parse: { Int($0) })
    }

    private mutating func value<Value: Comparable>(
        _ node: Node, _ key: String, in range: ClosedRange<Value>, kind: String, parse: (String) -> Value?
    ) -> Value? {
        guard let text = string(node, key) else { return nil }
        guard let value = parse(text), range.contains(value) else {
            report(node, "'\(key)' must be \(kind) from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            return nil
        }
        return value
    }

    package mutating func bool(_ node: Node, _ key: String) -> Bool? {
        guard let text = string(node, key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(node, "'\(key)' must be true or false, not '\(text)'")
            return nil
        }
    }

    package mutating func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, _ key: String) -> Choice?
    where Choice.RawValue == String {
        guard let text = string(node, key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            report(node, "'\(key)' must be one of \(choices), not '\(text)'")
            return nil
        }
        return value
    }

    /// Seconds for a duration (`DurationText`: at most 365d); a problem at the node's place for anything else.
    package mutating func duration(_ node: Node, _ key: String) -> Double? {
        guard let text = string(node, key) else { return nil }
        do {
            return try DurationText.seconds(text, for: key)
        } catch {
            report(node, error.message)
            return nil
        }
    }

    /// A rate such as `10/10s` (`RateText`); a problem at the node's place for anything else.
    package mutating func rate(_ node: Node, _ key: String) -> (count: Int, period: Double)? {
        guard let text = string(node, key) else { return nil }
        guard let rate = RateText.parse(text) else {
            report(node, "'\(key)' must be \(RateText.examples), not '\(text)'")
            return nil
        }
        return rate
    }

    /// A list of strings; a single string counts as a list of one.
    package mutating func strings(_ node: Node, _ key: String) -> [Located<String>] {
        if let scalar = node.scalar { return [Located(value: scalar.string, location: location(of: node))] }
        guard let sequence = node.sequence else {
            report(node, "'\(key)' must be a list of strings")
            return []
        }
        return sequence.compactMap { item in
            guard let scalar = item.scalar else {
                report(item, "each item of '\(key)' must be a string")
                return nil
            }
            return Located(value: scalar.string, location: location(of: item))
        }
    }

    /// The known key nearest to a misspelt one, if it is close enough to be a likely typo.
    static func closest(to key: String, in known: [String]) -> String? {
        known.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= max(2, key.count / 3) }
            .min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    /// A problem for a YAML syntax error, at the place libyaml names.
    package static func problem(from error: any Error, file: String) -> RulesProblem {
        guard let error = error as? YamlError else {
            return RulesProblem(SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(error)")
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return RulesProblem(
                SourceLocation(file: file, line: mark.line, column: mark.column), "malformed YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RulesProblem(
                SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "duplicate key \(duplicates.joined(separator: ", ")) in one mapping; keep one of them")
        default:
            return RulesProblem(SourceLocation(file: file, line: 1, column: 1), "malformed YAML: \(error)")
        }
    }
}
