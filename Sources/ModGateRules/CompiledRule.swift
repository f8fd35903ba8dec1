import ModGateCore
import ModGateRegex
import ModGateText

/// A rule ready to run: its definition and its patterns compiled for finding spans.
public struct CompiledRule: Sendable {
    /// The rule as written.
    public let definition: RuleDefinition
    /// Every pattern RE2 scans for this rule: the written patterns, then the word pattern.
    let patterns: [String]
    let regexes: [RE2Regex]
    /// How many spans a finding keeps at most.
    static let spanLimit = 64

    init(definition: RuleDefinition, patterns: [String], regexes: [RE2Regex]) {
        self.definition = definition
        self.patterns = patterns
        self.regexes = regexes
    }

    public var id: String { definition.id }

    /// The finding this rule makes about `text`, already normalised at the rule's level, or nil if it does not fire.
    func evaluate(_ text: NormalizedText, context: MessageContext) -> Finding? {
        guard definition.conditions.hold(for: context) else { return nil }
        var spans: [Range<Int>] = []
        text.utf8.withUnsafeBufferPointer { bytes in
            for regex in regexes where spans.count < Self.spanLimit {
                for span in regex.matches(in: bytes, limit: Self.spanLimit - spans.count)
                where definition.check != .luhn || Luhn.isValid(bytes[span]) {
                    spans.append(span)
                }
            }
        }
        guard !spans.isEmpty, spans.count >= definition.minMatches else { return nil }
        return Finding(
            stage: RulesStage.name, rule: definition.id, action: definition.action ?? .allow,
            score: definition.score ?? 0, reason: definition.reason, detail: definition.description,
            mode: definition.mode, spans: spans.map(text.originalRange(of:)).sorted { $0.lowerBound < $1.lowerBound })
    }
}
