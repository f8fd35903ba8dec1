/// The chain's decision about one message, with every finding behind it.
public struct Verdict: Sendable, Equatable {
    /// What happens to the message.
    public var action: Action
    /// The summed score of the enforced findings.
    public var score: Double
    /// Every finding, enforced and shadow, in stage order.
    public var findings: [Finding]

    public init(action: Action, score: Double, findings: [Finding]) {
        self.action = action
        self.score = score
        self.findings = findings
    }

    /// The reason shown to the sender: that of the strongest enforced finding that gave one.
    public var reason: String? {
        findings.filter { $0.mode == .enforce && !$0.reason.isEmpty }
            .max { $0.action < $1.action }?.reason
    }

    /// The longest wait any rate-limit finding asks for.
    public var retryAfter: Double? {
        findings.compactMap { $0.mode == .enforce ? $0.retryAfter : nil }.max()
    }

    /// `text` with the spans of enforced redact findings masked, one `*` per character.
    public func redacting(_ text: String) -> String {
        let spans = findings.filter { $0.mode == .enforce && $0.action == .redact }.flatMap(\.spans)
        guard !spans.isEmpty else { return text }
        var result = ""
        var offset = 0
        for character in text {
            let width = character.utf8.count
            let masked = spans.contains { $0.overlaps(offset..<(offset + width)) }
            result += masked ? "*" : String(character)
            offset += width
        }
        return result
    }
}
