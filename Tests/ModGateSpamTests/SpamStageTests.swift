import ModGateCore
import Testing

@testable import ModGateSpam

private func findings(_ stage: SpamStage, _ text: String) -> [Finding] {
    var findings: [Finding] = []
    stage.evaluate(Message(text: text, context: MessageContext(user: "u", room: "r", time: 0)), findings: &findings)
    return findings
}

@Test func spamGetsAScoredFinding() async throws {
    let stage = SpamStage(LiveSpamModel(SpamModel(training: smallSet)))
    #expect(stage.name == "spam")
    let text = "WIN a FREE prize! Call 09061701461 to claim"
    let finding = try #require(await findings(stage, text).first)
    let probability = SpamModel(training: smallSet).spamProbability(text)
    #expect(finding.stage == "spam" && finding.rule == "spam.bayes" && finding.reason == "This looks like spam.")
    #expect(finding.score == 7 * probability && finding.score >= VerdictPolicy().holdThreshold)
    #expect(finding.detail == "spam probability \(SpamStage.format(probability))")
    #expect(await findings(stage, "see you at lunch tomorrow").isEmpty)
}

@Test func minimumAndMaxScoreAreSettings() async throws {
    let live = LiveSpamModel(SpamModel(training: smallSet))
    let text = "WIN a FREE prize! Call 09061701461 to claim"
    let probability = live.model.spamProbability(text)
    #expect(try #require(await findings(SpamStage(live, maxScore: 10), text).first).score == 10 * probability)
    #expect(await findings(SpamStage(live, minimum: 1.01), text).isEmpty)
}

@Test func probabilitiesReadAsTwoDecimals() {
    #expect(SpamStage.format(0.97) == "0.97")
    #expect(SpamStage.format(0.6) == "0.60")
    #expect(SpamStage.format(0.05) == "0.05")
    #expect(SpamStage.format(0.9999) == "0.99")
    #expect(SpamStage.format(1) == "1.00")
    // A borderline 0.6 stays below the hold threshold with the default maxScore.
    #expect(7 * 0.6 < VerdictPolicy().holdThreshold)
}

@Test func liveModelLearns() {
    let live = LiveSpamModel(SpamModel(training: smallSet))
    let text = "cheap watches for sale, visit now"
    let before = live.model.spamProbability(text)
    live.learn(text, isSpam: true)
    #expect(live.model.spamProbability(text) > before)
}
