import ArgumentParser
import ModGateChain
import ModGateCore
import ModGateRules
import ModGateText
import ModGateToxicity

/// `modgate rules explain TEXT`: what the rules see in a text, what fires, and the verdict.
struct RulesExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the normalised text, each rule that fires with what it matched, the toxicity and its words, and the verdict.",
        discussion: """
            The verdict is the rules' and the toxicity model's, at the default thresholds or those of --config; spam, \
            limits and the sender's standing are not judged here.
            """
    )

    @OptionGroup var rules: RulesOptions

    @Option(help: "The toxicity model; without it, the config's, else toxicity-model.tsv in the rules directory, else the built-in model.")
    var toxicityModel: String?

    @Option(help: "A config file whose verdict thresholds and toxicity settings apply (its rules directory does not: use --rules).")
    var config: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(help: "The message text.")
    var text: String

    func run() throws {
        let ruleSet = try rules.load()
        let settings = try ChainOptions(config: config, rules: nil).load()
        let toxicity = try settings.toxicity.map { toxicity in
            do throws(ToxicityModelError) {
                let model = try ToxicityModel.resolve(path: toxicityModel ?? toxicity.model, rulesDirectory: rules.rules)
                return ToxicityStage(model, minimum: toxicity.minimumProbability, scores: toxicity.scores, mode: toxicity.mode)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let message = Message(text: text, context: MessageContext(user: "explain", room: "explain", time: 0))
        var findings = ruleSet.evaluate(message)
        toxicity?.evaluate(message, findings: &findings)
        let verdict = settings.policy.verdict(for: findings)
        let explanation = Explanation(
            text: text, levels: ruleSet.levelsInUse, toxicity: toxicity.map { ToxicityReport(text, stage: $0) },
            verdict: verdict, policy: settings.policy)
        print(json ? jsonLine(explanation) : explanation.report)
    }
}

/// What `rules explain` reports.
struct Explanation: Encodable {
    var text: String
    var normalized: [String: String]
    /// Nil when the config turns the toxicity stage off.
    var toxicity: ToxicityReport?
    var verdict: String
    var score: Double
    var findings: [FindingReport]
    private let levels: [NormalizationLevel]
    private let policy: VerdictPolicy

    init(text: String, levels: [NormalizationLevel], toxicity: ToxicityReport?, verdict: Verdict, policy: VerdictPolicy) {
        self.text = text
        self.levels = levels
        self.toxicity = toxicity
        self.policy = policy
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
        lines.append(toxicity?.line ?? "toxicity:   off (toxicity.enabled: false in the config)")
        lines.append(findings.isEmpty ? "findings:   none" : "findings:")
        for finding in findings {
            let effect = finding.action == "allow" ? "score \(finding.score.scoreText)" : "\(finding.action), score \(finding.score.scoreText)"
            let mode = finding.mode == "shadow" ? " [shadow: recorded only]" : ""
            lines.append("  \(finding.rule)  \(effect)\(mode)")
            for span in finding.spans ?? [] { lines.append("    matched \"\(span.text)\" at bytes \(span.start)..<\(span.end)") }
            if !finding.reason.isEmpty { lines.append("    reason: \(finding.reason)") }
        }
        lines.append("verdict:    \(verdict) (score \(score.scoreText); \(policy.describe))")
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
