/// A verdict as machine-readable output shows it: `modgate check`, `rules explain`, `POST /v1/check`.
public struct VerdictReport: Encodable, Sendable {
    public var verdict: String
    public var score: Double
    /// What the sender is told.
    public var reason: String?
    /// Seconds to wait, when a rate limit refused the message.
    public var retryAfter: Double?
    /// The text as delivered, for a redact verdict.
    public var redacted: String?
    public var findings: [FindingReport]

    public init(_ verdict: Verdict, text: String) {
        self.verdict = verdict.action.rawValue
        self.score = verdict.score
        self.reason = verdict.reason
        self.retryAfter = verdict.retryAfter
        self.redacted = verdict.action == .redact ? verdict.redacting(text) : nil
        self.findings = verdict.findings.map { FindingReport($0, in: text) }
    }

    private enum CodingKeys: String, CodingKey {
        case verdict, score, reason, redacted, findings
        case retryAfter = "retry_after"
    }
}

/// One finding as machine-readable output shows it.
public struct FindingReport: Encodable, Sendable {
    public var stage: String
    public var rule: String
    public var action: String
    public var score: Double
    public var mode: String
    public var reason: String
    public var retryAfter: Double?
    public var spans: [Span]?

    /// A matched span: UTF-8 byte offsets into the message text, and the text itself.
    public struct Span: Encodable, Sendable {
        public var start: Int
        public var end: Int
        public var text: String
    }

    public init(_ finding: Finding, in text: String) {
        stage = finding.stage
        rule = finding.rule
        action = finding.action.rawValue
        score = finding.score
        mode = finding.mode.rawValue
        reason = finding.reason
        retryAfter = finding.retryAfter
        spans = finding.spans.isEmpty
            ? nil : finding.spans.map { Span(start: $0.lowerBound, end: $0.upperBound, text: text.utf8Slice($0)) }
    }

    private enum CodingKeys: String, CodingKey {
        case stage, rule, action, score, mode, reason, spans
        case retryAfter = "retry_after"
    }
}

extension String {
    /// The characters in a UTF-8 byte range, with any broken character at the ends repaired.
    public func utf8Slice(_ range: Range<Int>) -> String {
        let bytes = Array(utf8)
        let clamped = range.clamped(to: 0..<bytes.count)
        return String(decoding: bytes[clamped], as: UTF8.self)
    }
}
