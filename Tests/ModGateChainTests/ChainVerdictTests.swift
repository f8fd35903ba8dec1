import Foundation
import ModGateChain
import ModGateCore
import ModGateTestSupport
import Testing

/// One rules file with a rule per action, two scoring rules and one in shadow mode.
private let rules = """
    rules:
      - id: test.reject
        words: [forbidden]
        action: reject
        reason: Not allowed here.
      - id: test.hold
        words: [suspicious]
        action: hold
      - id: test.shadow
        words: [sneaky]
        action: shadow
      - id: test.redact
        words: [secret]
        action: redact
      - id: test.small
        words: [meh]
        score: 2
      - id: test.large
        words: [blah]
        score: 4
      - id: test.watch
        words: [watched]
        action: reject
        mode: shadow
    """

/// The whole chain from a config file over a temporary rules directory; `extra` is appended to the config.
private func chain(_ extra: String = "", spam: String = "spam: {enabled: false}") throws -> (ModerationChain, Scratch) {
    let folder = try Scratch(["rules/test.yaml": rules])
    let yaml = """
        rules: {directory: "\(folder.path("rules"))"}
        verdict: {hold_score: 3, reject_score: 6}
        \(spam)
        \(extra)
        """
    return (try ChainConfigLoader.parse(yaml, file: "test.yaml").build().chain, folder)
}

@Test(arguments: [
    ("forbidden suspicious sneaky secret", Action.reject), ("suspicious sneaky secret", .hold),
    ("sneaky secret", .shadow), ("a secret", .redact), ("hello there", .allow),
])
func explicitActionsFollowPrecedence(text: String, expected: Action) async throws {
    let (chain, _) = try chain()
    #expect(await chain.moderate(message(text)).action == expected)
}

@Test(arguments: [("meh", Action.allow, 2.0), ("blah", .hold, 4), ("meh blah", .reject, 6), ("meh secret", .redact, 2)])
func scoresMeetTheConfiguredThresholds(text: String, expected: Action, score: Double) async throws {
    let (chain, _) = try chain()
    let verdict = await chain.moderate(message(text))
    #expect(verdict.action == expected && verdict.score == score)
}

@Test func aShadowRuleIsRecordedWithoutActing() async throws {
    let (chain, _) = try chain()
    let verdict = await chain.moderate(message("watched words"))
    #expect(verdict.action == .allow && verdict.reason == nil)
    #expect(verdict.findings.map(\.rule) == ["test.watch"] && verdict.findings[0].mode == .shadow)
}

@Test func aShadowStageIsRecordedWithoutActing() async throws {
    let (chain, _) = try chain("rate_limits: {mode: shadow, user: {rate: 1/m}}\nflood: {mode: shadow, repeats: 2}")
    _ = await chain.moderate(message("the same words", at: 0))
    let verdict = await chain.moderate(message("the same words", at: 1))
    #expect(verdict.action == .allow && verdict.retryAfter == nil)
    #expect(verdict.findings.map(\.rule) == ["ratelimit.user", "flood.repeat"])
    #expect(verdict.findings.allSatisfy { $0.mode == .shadow })
}

@Test func stagesRunCheapFirstAndAnEnforcedRejectEndsTheChain() async throws {
    let (chain, _) = try chain("rate_limits: {user: {rate: 1/30s}, escalation: off}\nflood: {repeats: 2}")
    #expect(await chain.moderate(message("suspicious link at www.example.org", at: 0)).findings.map(\.rule) == ["test.hold"])
    // The rules and the flood stage would both fire, but the rate limit refuses first.
    let limited = await chain.moderate(message("suspicious link at www.example.org", at: 1))
    #expect(limited.action == .reject && limited.findings.map(\.rule) == ["ratelimit.user"])
    let later = await chain.moderate(message("suspicious link at www.example.org", at: 31))
    #expect(later.findings.map(\.stage) == ["flood", "rules"])
}

@Test func theReputationStageSeesTheTrackedTrust() async throws {
    let (chain, _) = try chain("rate_limits: {enabled: false}\nflood: {enabled: false}\nreputation: {untrusted_below: 0.45}")
    #expect(await chain.moderate(message("visit www.example.org", at: 0)).action == .allow)
    // A hold lowers trust from 0.5 to 0.45; the next link from this sender is now held.
    #expect(await chain.moderate(message("forbidden", at: 1)).action == .reject)
    let verdict = await chain.moderate(message("visit www.example.org", at: 2))
    #expect(verdict.action == .hold && verdict.findings.map(\.rule) == ["reputation.untrusted-link"])
}

@Test func theSpamModelScoresThroughTheChain() async throws {
    let model = packageRoot.appendingPathComponent("rules/spam-model.json").path
    let (chain, _) = try chain("rate_limits: {enabled: false}", spam: "spam: {model: \"\(model)\"}")
    let verdict = await chain.moderate(
        message("WINNER!! You have won a FREE prize of 1000 cash. Call 09061701461 now to claim, txt STOP to end"))
    let spam = try #require(verdict.findings.first { $0.stage == "spam" })
    #expect(spam.rule == "spam.bayes" && spam.score > 3.5)
    #expect(await chain.moderate(message("are we still meeting for lunch tomorrow?")).findings.isEmpty)
}

@Test func aBrokenRulesDirectoryIsABuildError() throws {
    var config = ChainConfig()
    config.rulesDirectory = "/nonexistent/rules"
    #expect(throws: ChainBuildError.self) { try config.build() }
}

@Test func theToxicityModelScoresThroughTheChainByCategory() async throws {
    let (chain, _) = try chain("rate_limits: {enabled: false}")
    let verdict = await chain.moderate(message("you are a pathetic idiot"))
    let toxicity = try #require(verdict.findings.first { $0.stage == "toxicity" })
    #expect(toxicity.rule == "toxicity.insult" && toxicity.score > 2)
    #expect(await chain.moderate(message("are we still meeting for lunch tomorrow?")).findings.isEmpty)
}

@Test func anUnreadableToxicityModelIsABuildErrorThatSaysWhatToDo() throws {
    let error = #expect(throws: ChainBuildError.self) {
        try chain("toxicity: {model: /nonexistent/toxicity.tsv}")
    }
    #expect(error?.description.contains("cannot read the toxicity model '/nonexistent/toxicity.tsv'") == true)
    #expect(error?.description.contains("toxicity.enabled: false") == true)
}
