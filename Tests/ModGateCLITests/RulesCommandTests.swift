import Foundation
import ModGateTestSupport
import Testing

@Test func rulesCheckAcceptsAGoodDirectory() throws {
    let scratch = try Scratch(sampleRules)
    let result = try modgate("rules", "check", scratch.path("rules"))
    #expect(result.status == 0)
    #expect(result.lines == ["\(scratch.path("rules")): 3 rules (2 enabled), no problems"])
}

@Test func rulesCheckListsEveryProblem() throws {
    let scratch = try Scratch([
        "rules/a.yaml": "rules:\n  - id: a\n    patterns: ['(x']\n    action: hold\n",
        "rules/b.yaml": "rules:\n  - id: b\n    words: [x]\n    action: destroy\n",
    ])
    let result = try modgate("rules", "check", scratch.path("rules"))
    #expect(result.status == 1)
    // Parse problems come before pattern problems, so the lines are not in file order.
    #expect(result.lines.sorted() == [
        "\(scratch.path("rules/a.yaml")):3:16: invalid RE2 pattern: missing ): (x in '(x'",
        "\(scratch.path("rules/b.yaml")):2:5: rule 'b' has neither 'action' nor 'score'; give it at least one",
        "\(scratch.path("rules/b.yaml")):4:13: 'action' must be one of reject, hold, shadow, redact, none, not 'destroy'",
    ])
    #expect(result.stderr == "3 problem(s); the rules were not loaded\n")
}

@Test func rulesTestReportsFailuresAndCounts() throws {
    let scratch = try Scratch(sampleRules)
    #expect(try modgate("rules", "test", scratch.path("rules")).lines == ["2 passed, 0 failed"])

    try scratch.write("rules/more.yaml", "rules:\n  - id: pills\n    words: [pills]\n    score: 1\n    examples:\n      match: [p1lls, tablets]\n")
    let result = try modgate("rules", "test", scratch.path("rules"))
    #expect(result.status == 1)
    #expect(result.lines == [
        #"FAIL pills: match example "tablets" (\#(scratch.path("rules/more.yaml")):6:22) did not match; normalised (full) it reads "tablets""#,
        "3 passed, 1 failed",
    ])
}

/// A rule whose examples another rule passes too is named, as a warning: the examples no longer tell them apart.
@Test func rulesTestWarnsOfRulesTheirExamplesDoNotTellApart() throws {
    let scratch = try Scratch([
        "rules/bets.yaml": """
            rules:
              - id: bets.casino
                words: [casino]
                score: 1
                examples:
                  match: [casino]
                  no_match: [casual]
              - id: bets.casino_bonus
                patterns: ['casino\\s+bonus']
                action: hold
                examples:
                  match: [casino bonus]
                  no_match: [bonus]
              - id: bets.bonus_code
                patterns: ['bonus\\s+code']
                action: hold
                examples:
                  match: [casino bonus code]
                  no_match: [casino]

            """,
    ])
    let result = try modgate("rules", "test", scratch.path("rules"))
    #expect(result.status == 0)
    // bets.bonus_code's one match example fires both others, but its no_match example fires bets.casino: only
    // bets.casino_bonus passes for it too. bets.casino fires alone on its own example.
    #expect(result.lines == [
        "WARN bets.casino_bonus (\(scratch.path("rules/bets.yaml")):8:5): its examples do not tell it apart from bets.casino, "
            + "which fires on every match example and no no_match one; add an example only one of them matches",
        "WARN bets.bonus_code (\(scratch.path("rules/bets.yaml")):14:5): its examples do not tell it apart from bets.casino_bonus, "
            + "which fires on every match example and no no_match one; add an example only one of them matches",
        "6 passed, 0 failed, 2 rule(s) not told apart by their examples",
    ])
}

@Test func rulesTestWithBrokenRulesExitsTwo() throws {
    let scratch = try Scratch(["rules/a.yaml": "rules: [\n"])
    let result = try modgate("rules", "test", scratch.path("rules"))
    #expect(result.status == 2)
    #expect(result.stderr.contains("a.yaml:2:1: malformed YAML"))
}

@Test func rulesExplainJSON() throws {
    let scratch = try Scratch(sampleRules)
    let result = try modgate("rules", "explain", "--rules", scratch.path("rules"), "--json", "ｆｒｅｅ money!")
    #expect(result.status == 0)
    #expect(result.lines.count == 1)
    // The toxicity model's part depends on the shipped model; everything else is exact.
    let toxicity = try #require(result.lines.first?.firstRange(of: #","toxicity":{"#))
    let rest = try #require(result.lines.first.map { $0[toxicity.upperBound...] }?.firstRange(of: "},"))
    let line = try #require(result.lines.first)
    #expect(line[..<toxicity.lowerBound] + "," + line[rest.upperBound...] ==
        #"{"findings":[{"action":"hold","mode":"enforce","reason":"Looks like a scam.","rule":"scam.free-money","score":0,"#
            + #""spans":[{"end":18,"start":0,"text":"ｆｒｅｅ money"}],"stage":"rules"}],"normalized":{"full":"free money!"},"#
            + #""score":0,"text":"ｆｒｅｅ money!","verdict":"hold"}"#)
}

@Test func rulesExplainShowsTheToxicityAndItsWords() throws {
    let scratch = try Scratch(sampleRules)
    let result = try modgate("rules", "explain", "--rules", scratch.path("rules"), "you are a stupid idiot")
    #expect(result.status == 0)
    let line = try #require(result.lines.first { $0.hasPrefix("toxicity:") })
    #expect(line.contains(", insult (reported from 0.50); words: idiot +"), "\(line)")
    #expect(line.contains("stupid +"))
    #expect(result.lines.contains { $0.hasPrefix("  toxicity.insult  score 2.") })
}

@Test(arguments: ["check", "test"])
func projectRulesPass(command: String) throws {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("rules").path)) ?? []
    try #require(files.contains { $0.hasSuffix(".yaml") }, "no rules/*.yaml yet")
    let result = try modgate("rules", command, "rules")
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
}

@Test func rulesExplainJudgesWithTheConfigsThresholdsAndToxicitySettings() throws {
    let scratch = try Scratch(sampleRules.merging(["strict.yaml": "verdict: {hold_score: 1}\ntoxicity: {enabled: false}\n"]) { $1 })
    let result = try modgate(
        "rules", "explain", "--rules", scratch.path("rules"), "--config", scratch.path("strict.yaml"), "ｆｒｅｅ money!")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.lines.contains("toxicity:   off (toxicity.enabled: false in the config)"))
    #expect(result.lines.last?.hasSuffix("hold at 1, reject at 10)") == true, "\(result.lines)")
}
