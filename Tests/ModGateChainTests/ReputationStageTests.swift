import ModGateChain
import ModGateCore
import Testing

private let stage = ReputationStage(model: ReputationModel())
private let spam = Finding(stage: "spam", rule: "spam.bayes", score: 5.6, reason: "This looks like spam.")

@Test(arguments: [
    "see https://example.net/offer", "www.example.org", "grab it at cheap-stuff.shop now", "HTTP://SHOUTY.COM",
])
func anUntrustedUsersLinkIsHeld(text: String) throws {
    let finding = try #require(stage.findings(message(text, reputation: 0.2)).first)
    #expect(finding.stage == "reputation" && finding.rule == "reputation.untrusted-link")
    #expect(finding.action == .hold && finding.mode == .enforce)
    #expect(finding.reason == "Links from new or untrusted accounts are reviewed before they are shown.")
    #expect(finding.detail == "sender trust 0.2 is below 0.3")
    #expect(stage.findings(message(text, reputation: 0.5)).isEmpty)
    #expect(stage.findings(message(text)).isEmpty)
}

@Test func anUntrustedUserWithoutALinkPasses() {
    #expect(stage.findings(message("see you at 10.30 tomorrow", reputation: 0.1)).isEmpty)
}

@Test func aTrustedUsersSpamScoreIsDiscounted() throws {
    let finding = try #require(stage.findings(message("big sale", reputation: 0.9), after: [spam]).first)
    #expect(finding.rule == "reputation.trusted" && finding.score == -2 && finding.action == .allow)
    let verdict = VerdictPolicy().verdict(for: [spam, finding])
    #expect(verdict.action == .allow && abs(verdict.score - 3.6) < 1e-9)
}

@Test func noDiscountWithoutEnforcedSpamOrTrust() {
    var shadowSpam = spam
    shadowSpam.mode = .shadow
    #expect(stage.findings(message("big sale", reputation: 0.9), after: [shadowSpam]).isEmpty)
    #expect(stage.findings(message("big sale", reputation: 0.7), after: [spam]).isEmpty)
    #expect(stage.findings(message("big sale", reputation: 0.9)).isEmpty)
}

@Test func shadowModeReputationRecordsWithoutActing() {
    let shadow = ReputationStage(model: ReputationModel(), mode: .shadow)
    #expect(shadow.findings(message("www.example.org", reputation: 0.1)).map(\.mode) == [.shadow])
}
