import ModGateChain
import ModGateCore
import Synchronization
import Testing

/// A stage that remembers the contexts it saw and finds what it is told to.
private final class Probe: ModerationStage {
    let name = "probe"
    let finding: Finding?
    let seen = Mutex<[MessageContext]>([])

    init(finding: Finding? = nil) { self.finding = finding }

    func evaluate(_ message: Message, findings: inout [Finding]) {
        seen.withLock { $0.append(message.context) }
        if let finding { findings.append(finding) }
    }
}

private func chain(_ stages: [any ModerationStage], store: InMemoryReputationStore) -> ModerationChain {
    ModerationChain(
        pipeline: Pipeline(stages: stages), reputation: ReputationTracker(model: ReputationModel(), store: store))
}

@Test func theChainFillsInReputationAndAccountAge() async {
    let probe = Probe()
    let moderation = chain([probe], store: InMemoryReputationStore())
    _ = await moderation.moderate(message(at: 1000))
    _ = await moderation.moderate(message(at: 1100))
    _ = await moderation.moderate(message(user: "u2", at: 1200, reputation: 0.1, accountAge: 86400))
    let seen = probe.seen.withLock { $0 }
    #expect(seen.map(\.reputation) == [0.5, ReputationModel().decayed(Standing(trust: 0.505, firstSeen: 0, updated: 1000), to: 1100).trust, 0.1])
    #expect(seen.map(\.accountAge) == [0, 100, 86400])
}

@Test func withoutReputationTheContextIsLeftAlone() async {
    let probe = Probe()
    _ = await ModerationChain(pipeline: Pipeline(stages: [probe]), reputation: nil).moderate(message(at: 10))
    #expect(probe.seen.withLock { $0.map(\.reputation) } == [nil])
}

@Test(arguments: [
    (Action.allow, 0.505), (.redact, 0.505), (.shadow, 0.45), (.hold, 0.45), (.reject, 0.375),
])
func theVerdictMovesTheSendersTrust(action: Action, trust: Double) async throws {
    let store = InMemoryReputationStore()
    let finding = Finding(stage: "rules", rule: "test", action: action)
    _ = await chain([Probe(finding: finding)], store: store).moderate(message(at: 0))
    #expect(abs(try #require(store.standing(of: "u1")).trust - trust) < 1e-12)
}

@Test func aRejectByScoreAloneLowersTrust() async throws {
    let store = InMemoryReputationStore()
    let scored = Finding(stage: "rules", rule: "profanity.mild", score: 12)
    let verdict = await chain([Probe(finding: scored)], store: store).moderate(message(at: 0))
    #expect(verdict.action == .reject)
    #expect(try #require(store.standing(of: "u1")).trust == 0.375)
}

@Test func aRateLimitRefusalLeavesTrustUnchanged() async throws {
    var settings = RateLimitSettings()
    settings.user = GCRA(count: 1, period: 60, burst: 1)
    let store = InMemoryReputationStore()
    let moderation = chain([RateLimitStage(settings), Probe()], store: store)
    #expect(await moderation.moderate(message(at: 0)).action == .allow)
    let before = try #require(store.standing(of: "u1"))
    let refused = await moderation.moderate(message(at: 1))
    #expect(refused.action == .reject && refused.findings.map(\.rule) == ["ratelimit.user"])
    #expect(store.standing(of: "u1") == before)
}
