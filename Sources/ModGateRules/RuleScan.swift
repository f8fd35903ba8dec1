import ModGateCore
import ModGateRegex
import ModGateText

/// What scanning one message found: for each field that hit a pattern or whose scan failed, the candidate
/// rules. It keeps the rules it was made with, so a reload between the scan and the findings changes nothing.
public struct RuleScan: Sendable {
    let ruleSet: RuleSet
    /// Only the fields with something to report; most messages have none.
    var fields: [Field] = []

    struct Field: Sendable {
        /// The index of the field's scanner in the rule set.
        let scanner: Int
        /// The rules whose patterns hit, in rule order.
        let candidates: [Int]
        let failure: RegexScanError?
    }

    /// The enabled rules that fire on `message`, which was scanned, in file order: the candidates whose
    /// conditions hold. A failed scan adds a `rules.scan_failed` finding that asks for `fallback`.
    func findings(for message: Message, onScanFailure fallback: Action) -> [Finding] {
        var findings: [Finding] = []
        for field in fields {
            let scanner = ruleSet.scanners[field.scanner]
            if let failure = field.failure { findings.append(Self.scanFailed(failure, field: scanner.field, fallback: fallback)) }
            guard !field.candidates.isEmpty else { continue }
            let source = scanner.source(of: message)
            var normalized: [NormalizationLevel: NormalizedText] = [:]
            for index in field.candidates {
                let rule = ruleSet.rules[index]
                let text = normalized[rule.definition.normalization] ?? Normalizer(level: rule.definition.normalization).normalize(source)
                normalized[rule.definition.normalization] = text
                if let finding = rule.evaluate(text, context: message.context) { findings.append(finding) }
            }
        }
        return findings
    }

    private static func scanFailed(_ failure: RegexScanError, field: RuleField, fallback: Action) -> Finding {
        Finding(
            stage: RulesStage.name, rule: RuleSet.scanFailedRule, action: fallback,
            reason: "This message could not be checked against the rules.",
            detail: "\(failure) (field \(field.rawValue)); rules.scan_failure applies \(fallback.rawValue)")
    }
}
