import Foundation
import ModGateCore
import ModGateRules
import Testing

private let freeMoney = "rules:\n  - id: scam.free-money\n    words: [free money]\n    action: hold\n"

@Test func brokenReloadKeepsTheRulesInForce() throws {
    let directory = try RulesDirectory(["scams.yaml": freeMoney])
    let live = try LiveRules(directory: directory.path)
    let before = live.rules
    #expect(before.firing(message("fr33 m0ney!")) == ["scam.free-money"])

    try directory.write("scams.yaml", freeMoney + "    score: [not a number]\n")
    #expect(throws: RulesError.self) { try live.reload() }
    #expect(live.rules === before)
    #expect(live.rules.firing(message("free money")) == ["scam.free-money"])

    try directory.write("scams.yaml", freeMoney.replacingOccurrences(of: "free money", with: "cheap pills"))
    let fresh = try live.reload()
    #expect(live.rules === fresh)
    #expect(live.rules.firing(message("free money")) == [])
    #expect(live.rules.firing(message("cheap pills")) == ["scam.free-money"])
}

@Test func newFileWithAProblemIsRefusedAsAWhole() throws {
    let directory = try RulesDirectory(["scams.yaml": freeMoney])
    let live = try LiveRules(directory: directory.path)
    try directory.write("extra.yaml", "rules:\n  - id: extra\n    patterns: ['(']\n    action: reject\n")
    #expect(throws: RulesError.self) { try live.reload() }
    #expect(live.rules.rules.map(\.id) == ["scam.free-money"])
}

@Test func rulesStageAddsTheFindings() throws {
    let directory = try RulesDirectory(["scams.yaml": freeMoney])
    var findings: [Finding] = []
    RulesStage(try LiveRules(directory: directory.path)).evaluate(message("free money"), findings: &findings)
    #expect(findings.map(\.stage) == ["rules"])
}

/// A rules scan that RE2 cannot finish fails closed: a finding that says why, with the configured fallback.
@Test(arguments: [Action.hold, .reject, .allow])
func aFailedScanAppliesTheFallback(fallback: Action) throws {
    let directory = try RulesDirectory(["scams.yaml": freeMoney])
    let live = try LiveRules(directory: directory.path)
    live.rules.failScans(1)
    var findings: [Finding] = []
    RulesStage(live, onScanFailure: fallback).evaluate(message("hello there"), findings: &findings)
    let finding = try #require(findings.first)
    #expect(findings.count == 1)
    #expect((finding.stage, finding.rule, finding.action, finding.mode) == ("rules", "rules.scan_failed", fallback, .enforce))
    #expect(finding.reason == "This message could not be checked against the rules.")
    #expect(finding.detail.contains("ran out of memory scanning a text of 11 bytes"), "\(finding.detail)")
    findings = []
    RulesStage(live, onScanFailure: fallback).evaluate(message("hello there"), findings: &findings)
    #expect(findings.isEmpty)
}

@Test func aScanDoneAheadKeepsTheRulesItWasMadeWithAcrossAReload() throws {
    let directory = try RulesDirectory(["scams.yaml": freeMoney])
    let live = try LiveRules(directory: directory.path, layout: .perLevel)
    let stage = RulesStage(live)
    let scan = stage.precompute(message("free money"))

    try directory.write("scams.yaml", freeMoney.replacingOccurrences(of: "scam.free-money", with: "scam.renamed"))
    try live.reload()
    var findings: [Finding] = []
    stage.evaluate(message("free money"), precomputed: scan, findings: &findings)
    #expect(findings.map(\.rule) == ["scam.free-money"])
    #expect(stage.findings(message("free money")).map(\.rule) == ["scam.renamed"])
}

extension RulesStage {
    fileprivate func findings(_ message: Message) -> [Finding] {
        var findings: [Finding] = []
        evaluate(message, findings: &findings)
        return findings
    }
}
