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
