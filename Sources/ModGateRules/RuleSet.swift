import ModGateCore
import ModGateRegex
import ModGateText

/// A loaded rules directory: every enabled rule's patterns in one RE2 set per field and normalisation level,
/// so a message is scanned once per level in use whatever the number of rules.
public final class RuleSet: Sendable {
    /// Every rule, enabled or not, in file order.
    public let rules: [CompiledRule]
    /// A digest of the rules files, to tell which rules were in force.
    public let digest: String
    let views: [RuleView]

    init(rules: [CompiledRule], views: [RuleView], digest: String) {
        self.rules = rules
        self.views = views
        self.digest = digest
    }

    /// An empty rule set: it finds nothing.
    public static let empty = RuleSet(rules: [], views: [], digest: "")

    /// The enabled rules that fire on `message`, in file order.
    public func evaluate(_ message: Message) -> [Finding] {
        var findings: [Finding] = []
        for view in views {
            view.forEachCandidate(in: message) { ruleIndex, normalized in
                if let finding = rules[ruleIndex].evaluate(normalized, context: message.context) {
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    /// The rule with `id`, if there is one.
    public func rule(_ id: String) -> CompiledRule? { rules.first { $0.id == id } }
}

/// The rules that read one field at one normalisation level, and the RE2 set of all their patterns.
struct RuleView: Sendable {
    let field: RuleField
    let normalizer: Normalizer
    let set: RE2Set
    /// For each pattern in `set`, the index of its rule.
    let owners: [Int]

    /// Normalises the field and calls `body` once per rule whose patterns hit, in rule order.
    /// The scan itself neither allocates nor maps spans; only a hit pays for the map back to the original.
    func forEachCandidate(in message: Message, _ body: (Int, NormalizedText) -> Void) {
        var source = field == .text ? message.text : message.context.userName ?? ""
        var candidates: [Int] = []
        source.withUTF8 { original in
            normalizer.withNormalizedBytes(of: original) { bytes in
                set.forEachMatch(in: bytes) { candidates.append(owners[$0]) }
            }
        }
        guard !candidates.isEmpty else { return }
        let normalized = normalizer.normalize(source)
        candidates.sort()
        var previous = -1
        for rule in candidates where rule != previous {
            body(rule, normalized)
            previous = rule
        }
    }
}

extension RuleSet {
    /// Every pattern the enabled rules scan for, as RE2 sees them: the ceiling a bare scan measures.
    public var enabledPatterns: [String] { rules.filter(\.definition.enabled).flatMap(\.patterns) }
}
