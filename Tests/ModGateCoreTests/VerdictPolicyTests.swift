import ModGateCore
import Testing

@Test func actionPrecedence() {
    #expect(Action.allCases == [.allow, .redact, .shadow, .hold, .reject])
    #expect(Action.allCases == Action.allCases.sorted())
}

@Test(arguments: Action.allCases)
func strongestExplicitActionWins(strongest: Action) {
    let weaker = Action.allCases.filter { $0 <= strongest }.reversed().map { finding("r.\($0)", $0) }
    #expect(VerdictPolicy().verdict(for: weaker).action == strongest)
}

@Test(arguments: [
    (4.9, Action.allow), (5, .hold), (9.99, .hold), (10, .reject), (25, .reject), (-3, .allow),
])
func summedScoreMeetsThresholds(score: Double, expected: Action) {
    let findings = [finding("a", score: score), finding("b")]
    let verdict = VerdictPolicy().verdict(for: findings)
    #expect(verdict.action == expected)
    #expect(verdict.score == score)
}

@Test func customThresholds() {
    let policy = VerdictPolicy(holdThreshold: 1, rejectThreshold: 2)
    #expect(policy.verdict(for: [finding("a", score: 1)]).action == .hold)
    #expect(policy.verdict(for: [finding("a", score: 2)]).action == .reject)
}

@Test(arguments: [
    (Action.reject, 5.0, Action.reject),  // explicit action higher than the threshold
    (.redact, 5, .hold),  // threshold higher than the explicit action
    (.shadow, 10, .reject),
    (.hold, 1, .hold),
])
func higherOfActionAndThresholdWins(action: Action, score: Double, expected: Action) {
    #expect(VerdictPolicy().verdict(for: [finding("a", action, score: score)]).action == expected)
}

@Test func shadowFindingsNeitherActNorScore() {
    let findings = [finding("s", .reject, score: 50, reason: "no", mode: .shadow), finding("e", .redact, score: 1)]
    let verdict = VerdictPolicy().verdict(for: findings)
    #expect(verdict.action == .redact)
    #expect(verdict.score == 1)
    #expect(verdict.findings == findings)
}
