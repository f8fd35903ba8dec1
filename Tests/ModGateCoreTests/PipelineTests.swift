import ModGateCore
import Synchronization
import Testing

/// A stage that adds fixed findings and counts how often it ran.
final class FixedStage: ModerationStage {
    let name: String
    let findings: [Finding]
    private let runs = Atomic(0)

    init(_ name: String, _ findings: [Finding]) {
        self.name = name
        self.findings = findings
    }

    var runCount: Int { runs.load(ordering: .relaxed) }

    func evaluate(_ message: Message, findings: inout [Finding]) {
        runs.add(1, ordering: .relaxed)
        findings += self.findings
    }
}

/// A stage that records how many findings it saw from the stages before it.
struct CountingStage: ModerationStage {
    let name = "count"

    func evaluate(_ message: Message, findings: inout [Finding]) {
        findings.append(finding("seen.\(findings.count)"))
    }
}

@Test func stagesRunInOrderAndSeeEarlierFindings() {
    let pipeline = Pipeline(stages: [FixedStage("a", [finding("a", score: 3)]), CountingStage(), FixedStage("b", [finding("b", score: 3)])])
    let verdict = pipeline.moderate(message("hi"))
    #expect(verdict.findings.map(\.rule) == ["a", "seen.1", "b"])
    #expect(verdict.action == .hold)
    #expect(verdict.score == 6)
}

@Test func enforcedRejectStopsTheChain() {
    let later = FixedStage("later", [finding("later", score: 1)])
    let pipeline = Pipeline(stages: [FixedStage("first", [finding("block", .reject)]), later])
    let verdict = pipeline.moderate(message("hi"))
    #expect(verdict.action == .reject)
    #expect(verdict.findings.map(\.rule) == ["block"])
    #expect(later.runCount == 0)
}

@Test(arguments: [finding("shadowed", .reject, mode: .shadow), finding("held", .hold), finding("scored", score: 10)])
func onlyAnEnforcedRejectStopsTheChain(first: Finding) {
    let later = FixedStage("later", [finding("later")])
    let pipeline = Pipeline(stages: [FixedStage("first", [first]), later])
    _ = pipeline.moderate(message("hi"))
    #expect(later.runCount == 1)
}

@Test func pipelineUsesItsPolicy() {
    let pipeline = Pipeline(stages: [FixedStage("a", [finding("a", score: 1)])], policy: VerdictPolicy(holdThreshold: 1, rejectThreshold: 3))
    #expect(pipeline.moderate(message("hi")).action == .hold)
}
