import Foundation
import ModGateChain
import ModGateCore
import Testing

@testable import modgate

/// The hand-written output is byte for byte what JSONEncoder with sorted keys wrote before it.
@Test func checkOutputMatchesTheEncoder() throws {
    let text = "free \"money\" at https://x.io/a\n\tnow é"
    let verdicts = [
        Verdict(action: .allow, score: 0, findings: []),
        Verdict(
            action: .hold, score: 6.5,
            findings: [
                Finding(stage: "rules", rule: "scam.free", action: .hold, score: 6, reason: "Held \"for\" review.", spans: [0..<4, 12..<17]),
                Finding(stage: "ratelimit", rule: "ratelimit.user", action: .reject, score: 0.5, reason: "slow", mode: .shadow, retryAfter: 2.25),
            ]),
        Verdict(action: .redact, score: 1, findings: [Finding(stage: "rules", rule: "pii", action: .redact, spans: [30..<35])]),
    ]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for (index, verdict) in verdicts.enumerated() {
        var out: [UInt8] = []
        CheckOutput.verdict(VerdictReport(verdict, text: text), line: index + 1, into: &out)
        let expected = try encoder.encode(VerdictJSON(line: index + 1, report: VerdictReport(verdict, text: text)))
        #expect(String(decoding: out, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
    var out: [UInt8] = []
    CheckOutput.error(CheckLineError(line: 3, message: "wrong type for 'text'"), into: &out)
    #expect(String(decoding: out, as: UTF8.self) == #"{"error":"wrong type for 'text'","line":3}"#)
}

/// What `check` printed with JSONEncoder: the line number, then the report's keys.
private struct VerdictJSON: Encodable {
    var line: Int
    var report: VerdictReport

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try report.encode(to: encoder)
    }

    private enum CodingKeys: String, CodingKey { case line }
}
