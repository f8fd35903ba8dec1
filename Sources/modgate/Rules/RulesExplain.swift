import ArgumentParser
import ModGateCore
import ModGateRules
import ModGateText

/// `modgate rules explain TEXT`: what the rules see in a text, what fires, and the verdict.
struct RulesExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the normalised text, each rule that fires with what it matched, and the verdict."
    )

    @OptionGroup var rules: RulesOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(help: "The message text.")
    var text: String

    func run() throws {
        let ruleSet = try rules.load()
        let message = Message(text: text, context: MessageContext(user: "explain", room: "explain", time: 0))
        let verdict = VerdictPolicy().verdict(for: ruleSet.evaluate(message))
        let explanation = Explanation(text: text, levels: ruleSet.levelsInUse, verdict: verdict)
        print(json ? jsonLine(explanation) : explanation.report)
    }
}

/// What `rules explain` reports.
struct Explanation: Encodable {
    var text: String
    var normalized: [String: String]
    var verdict: String
    var score: Double
    var findings: [FindingReport]
    private let levels: [NormalizationLevel]

    init(text: String, levels: [NormalizationLevel], verdict: Verdict) {
        self.text = text
        self.levels = levels
        self.normalized = Dictionary(
            uniqueKeysWithValues: levels.map { ($0.rawValue, Normalizer(level: $0).normalize(text).string) })
        self.verdict = verdict.action.rawValue
        self.score = verdict.score
        self.findings = verdict.findings.map { FindingReport($0, in: text) }
    }

    private enum CodingKeys: String, CodingKey {
        case text, normalized, verdict, score, findings
    }

    /// The report for a person at a terminal.
    var report: String {
        var lines = ["text:       \(text)"]
        for level in levels where level != .none {
            lines.append("normalised: \(normalized[level.rawValue] ?? "")  (\(level.rawValue))")
        }
        lines.append(findings.isEmpty ? "rules:      none fired" : "rules:")
        for finding in findings {
            let effect = finding.action == "allow" ? "score \(finding.score.scoreText)" : "\(finding.action), score \(finding.score.scoreText)"
            let mode = finding.mode == "shadow" ? " [shadow: recorded only]" : ""
            lines.append("  \(finding.rule)  \(effect)\(mode)")
            for span in finding.spans ?? [] { lines.append("    matched \"\(span.text)\" at bytes \(span.start)..<\(span.end)") }
            if !finding.reason.isEmpty { lines.append("    reason: \(finding.reason)") }
        }
        lines.append("verdict:    \(verdict) (score \(score.scoreText); \(VerdictPolicy().describe))")
        return lines.joined(separator: "\n")
    }
}

extension VerdictPolicy {
    var describe: String { "hold at \(holdThreshold.scoreText), reject at \(rejectThreshold.scoreText)" }
}

extension RuleSet {
    /// The normalisation levels that enabled rules read, in the order of their first rule.
    var levelsInUse: [NormalizationLevel] {
        var levels: [NormalizationLevel] = []
        for rule in rules where rule.definition.enabled && !levels.contains(rule.definition.normalization) {
            levels.append(rule.definition.normalization)
        }
        return levels
    }
}
