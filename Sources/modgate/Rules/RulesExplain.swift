import ArgumentParser
import ModGateCore
import ModGateRules
import ModGateText
import ModGateToxicity

/// `modgate rules explain TEXT`: what the rules see in a text, what fires, and the verdict.
struct RulesExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the normalised text, each rule that fires with what it matched, the toxicity and its words, and the verdict.",
        discussion: "The verdict is the rules' and the toxicity model's; spam, limits and the sender's standing are not judged here."
    )

    @OptionGroup var rules: RulesOptions

    @Option(help: "The toxicity model; without it, toxicity-model.tsv in the rules directory, else the built-in model.")
    var toxicityModel: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(help: "The message text.")
    var text: String

    func run() throws {
        let ruleSet = try rules.load()
        let toxicity: ToxicityStage
        do {
            toxicity = ToxicityStage(try ToxicityModel.resolve(path: toxicityModel, rulesDirectory: rules.rules))
        } catch {
            throw ValidationError(error.description)
        }
        let message = Message(text: text, context: MessageContext(user: "explain", room: "explain", time: 0))
        var findings = ruleSet.evaluate(message)
        toxicity.evaluate(message, findings: &findings)
        let verdict = VerdictPolicy().verdict(for: findings)
        let explanation = Explanation(
            text: text, levels: ruleSet.levelsInUse, toxicity: ToxicityReport(text, stage: toxicity), verdict: verdict)
        print(json ? jsonLine(explanation) : explanation.report)
    }
}

/// What `rules explain` reports.
struct Explanation: Encodable {
    var text: String
    var normalized: [String: String]
    var toxicity: ToxicityReport
    var verdict: String
    var score: Double
    var findings: [FindingReport]
    private let levels: [NormalizationLevel]

    init(text: String, levels: [NormalizationLevel], toxicity: ToxicityReport, verdict: Verdict) {
        self.text = text
        self.levels = levels
        self.toxicity = toxicity
        self.normalized = Dictionary(
            uniqueKeysWithValues: levels.map { ($0.rawValue, Normalizer(level: $0).normalize(text).string) })
        self.verdict = verdict.action.rawValue
        self.score = verdict.score
        self.findings = verdict.findings.map { FindingReport($0, in: text) }
    }

    private enum CodingKeys: String, CodingKey {
        case text, normalized, toxicity, verdict, score, findings
    }

    /// The report for a person at a terminal.
    var report: String {
        var lines = ["text:       \(text)"]
        for level in levels where level != .none {
            lines.append("normalised: \(normalized[level.rawValue] ?? "")  (\(level.rawValue))")
        }
        lines.append(toxicity.line)
        lines.append(findings.isEmpty ? "findings:   none" : "findings:")
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

/// The toxicity model's reading of the text: its probability, leading category and the words that add most.
struct ToxicityReport: Encodable {
    var probability: Double
    var category: String
    var minimum: Double
    var words: [Word]

    struct Word: Encodable {
        var word: String
        var contribution: Double
    }

    init(_ text: String, stage: ToxicityStage) {
        probability = stage.model.probability(text)
        category = stage.model.category(of: text).rawValue
        minimum = stage.minimum
        words = stage.model.topWords(text, count: 5).map { Word(word: $0.word, contribution: $0.contribution) }
    }

    /// "toxicity:   0.93, insult (reported from 0.50); words: idiot +2.41, stupid +1.10"; the category only once reported.
    var line: String {
        let listed = words.isEmpty ? "none" : words.map { "\($0.word) +\($0.contribution.scoreText)" }.joined(separator: ", ")
        let reported = probability >= minimum ? ", \(category)" : ""
        return "toxicity:   \(probability.probabilityText)\(reported) (reported from \(minimum.probabilityText)); words: \(listed)"
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
