import ModGateCore
import ModGateToxicity
import Testing

private func findings(_ stage: ToxicityStage, _ text: String) -> [Finding] {
    var findings: [Finding] = []
    stage.evaluate(Message(text: text, context: MessageContext(user: "u", room: "r", time: 0)), findings: &findings)
    return findings
}

@Test func aToxicMessageGetsAFindingNamedByItsCategoryWithItsWords() throws {
    let finding = try #require(findings(ToxicityStage(smallModel), "you idiot, I will kill you").first)
    #expect(finding.rule == "toxicity.insult")
    #expect(finding.stage == "toxicity")
    let probability = smallModel.probability("you idiot, I will kill you")
    #expect(abs(finding.score - 2.9 * probability) < 1e-9)
    #expect(finding.detail == "toxicity \(probability.probabilityText), insult: idiot, kill")
}

@Test func aCleanMessageGetsNoFinding() {
    #expect(findings(ToxicityStage(smallModel), "hello there").isEmpty)
}

@Test func scoresAndTheMinimumAreTheOperators() throws {
    let stage = ToxicityStage(smallModel, minimum: 0.99, scores: [.insult: 10])
    #expect(findings(stage, "idiot").isEmpty)
    let loud = ToxicityStage(smallModel, minimum: 0.1, scores: [.insult: 10], mode: .shadow)
    let finding = try #require(findings(loud, "idiot").first)
    #expect(finding.score > 5)
    #expect(finding.mode == .shadow)
}

@Test func theStageAloneNeverHolds() {
    #expect(ToxicityStage.defaultScores.values.allSatisfy { $0 < VerdictPolicy().holdThreshold })
}
