import ModGateCore
import Testing

@Test func reasonComesFromStrongestEnforcedFinding() {
    let verdict = VerdictPolicy().verdict(for: [
        finding("a", .redact, reason: "redacted"), finding("b", .hold, reason: "held"),
        finding("c", .reject, reason: "shadow only", mode: .shadow), finding("d", .reject),
    ])
    #expect(verdict.action == .reject)
    #expect(verdict.reason == "held")
    #expect(VerdictPolicy().verdict(for: [finding("a", score: 1)]).reason == nil)
}

@Test func retryAfterIsTheLongestEnforcedWait() {
    let verdict = VerdictPolicy().verdict(for: [
        finding("a", .reject, retryAfter: 5), finding("b", .reject, retryAfter: 30),
        finding("c", .reject, mode: .shadow, retryAfter: 600),
    ])
    #expect(verdict.retryAfter == 30)
    #expect(VerdictPolicy().verdict(for: [finding("a", .reject)]).retryAfter == nil)
}

@Test(arguments: [
    ("call 5551234 now", [5..<12], "call ******* now"),
    ("ｆｒｅｅ money", [0..<12], "**** money"),
    ("ok 😀 é!", [3..<7, 8..<10], "ok * *!"),
    ("partial ß", [9..<10], "partial *"),  // a span touching any byte masks the whole character
    ("two spans here", [0..<3, 10..<14], "*** spans ****"),
])
func redactingMasksEachCharacter(text: String, spans: [Range<Int>], expected: String) {
    let verdict = VerdictPolicy().verdict(for: [finding("r", .redact, spans: spans)])
    #expect(verdict.redacting(text) == expected)
}

@Test func redactingIgnoresOtherFindings() {
    let verdict = VerdictPolicy().verdict(for: [
        finding("h", .hold, spans: [0..<4]), finding("s", .redact, mode: .shadow, spans: [5..<9]),
    ])
    #expect(verdict.redacting("spam eggs") == "spam eggs")
}
