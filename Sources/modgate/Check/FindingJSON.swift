import ModGateCore
import ModGateRules

/// A finding as `check` and `rules explain` print it.
struct FindingJSON: Encodable {
    var stage: String
    var rule: String
    var action: String
    var score: Double
    var mode: String
    var reason: String
    var retryAfter: Double?
    var spans: [SpanJSON]?

    /// A matched span: UTF-8 byte offsets into the message text, and the text itself.
    struct SpanJSON: Encodable {
        var start: Int
        var end: Int
        var text: String
    }

    init(_ finding: Finding, in text: String) {
        stage = finding.stage
        rule = finding.rule
        action = finding.action.rawValue
        score = finding.score
        mode = finding.mode.rawValue
        reason = finding.reason
        retryAfter = finding.retryAfter
        spans = finding.spans.isEmpty
            ? nil : finding.spans.map { SpanJSON(start: $0.lowerBound, end: $0.upperBound, text: text.utf8Slice($0)) }
    }

    private enum CodingKeys: String, CodingKey {
        case stage, rule, action, score, mode, reason, spans
        case retryAfter = "retry_after"
    }
}
