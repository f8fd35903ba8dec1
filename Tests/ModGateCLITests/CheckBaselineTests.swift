import Foundation
import ModGateTestSupport
import Testing

/// `check --baseline`: the repository's rules against a copy with a rule added and one removed, over real chat.
@Suite struct CheckBaselineTests {
    let chat = packageRoot.appendingPathComponent("fixtures/chat/chitchat_20k.jsonl").path
    let rulesOnly = packageRoot.appendingPathComponent("fixtures/config/rules-only.yaml").path

    /// A copy of rules/ as `old`, and as `new` with `science.word` (holds a word frequent in the corpus) added
    /// and `shouting.flood` (whose score holds one message of the corpus, with `shouting.caps`) removed.
    func rulesChange() throws -> Scratch {
        let scratch = try Scratch()
        let rules = packageRoot.appendingPathComponent("rules")
        for side in ["old", "new"] { try FileManager.default.copyItem(at: rules, to: scratch.url.appendingPathComponent(side)) }
        try scratch.write("new/science.yaml", """
            rules:
              - id: science.word
                description: The word science, held for review.
                patterns: ['\\bscience\\b']
                action: hold
                examples:
                  match: ["this is for science"]
                  no_match: ["scientist"]

            """)
        let shouting = try String(contentsOfFile: scratch.path("new/shouting.yaml"), encoding: .utf8)
        let flood = try #require(shouting.range(of: "  - id: shouting.flood"))
        let next = shouting.range(of: "  - id:", range: flood.upperBound..<shouting.endIndex)?.lowerBound ?? shouting.endIndex
        try scratch.write("new/shouting.yaml", String(shouting[..<flood.lowerBound] + shouting[next...]))
        return scratch
    }

    @Test func reportsOnlyTheChangedMessages() throws {
        let scratch = try rulesChange()
        let result = try modgate(
            "check", "--config", rulesOnly, "--baseline", scratch.path("old"), "--rules", scratch.path("new"), "--jsonl", chat)
        #expect(result.status == 0, "\(result.stderr)")
        let changes = result.lines.filter { $0.hasPrefix("line ") && !$0.hasPrefix("    ") }
        #expect(changes.count == 50)
        #expect(changes.filter { $0.contains("  allow -> hold  [] -> [science.word]  ") }.count == 49)
        #expect(changes.contains("line 15455  hold -> allow  [shouting.caps, shouting.flood] -> [shouting.caps]  "
            + "OMG" + String(repeating: "G", count: 46)))
        #expect(changes.first == "line 5  allow -> hold  [] -> [science.word]  haha we are supposed to talk about science? is that what it…")
        let summary = try #require(result.lines.firstIndex { $0.hasPrefix("messages: ") })
        #expect(summary == changes.count)
        #expect(Array(result.lines[summary...].prefix(7)) == [
            "messages: 20000, changed: 50",
            "transitions:",
            "  allow -> hold                    49",
            "  hold -> allow                    1",
            "rules (+ fired only with the new rules, - only with the baseline):",
            "  +science.word                    49",
            "  -shouting.flood                  1",
        ])
        #expect(result.lines[summary + 7] == "examples:")
        #expect(result.lines.count == summary + 7 + 1 + 2 + 3 + 1)
    }

    @Test func jsonIsOneObject() throws {
        let scratch = try rulesChange()
        let result = try modgate(
            "check", "--config", rulesOnly, "--baseline", scratch.path("old"), "--rules", scratch.path("new"), "--jsonl", "--json", chat)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.count == 1)
        let report = try object(try #require(result.lines.first))
        #expect(Set(report.keys) == ["messages", "errors", "changed", "transitions", "rules", "examples"])
        #expect(report["messages"] as? Int == 20000)
        #expect(report["changed"] as? Int == 50)
        #expect(report["transitions"] as? [String: Int] == ["allow -> hold": 49, "hold -> allow": 1])
        let rules = try #require(report["rules"] as? [String: [String: Int]])
        #expect(rules == ["science.word": ["added": 49, "removed": 0], "shouting.flood": ["added": 0, "removed": 1]])
        let examples = try #require(report["examples"] as? [String: [[String: Any]]])
        #expect(examples["allow -> hold"]?.count == 3)
        let back = try #require(examples["hold -> allow"]?.first)
        #expect(back["line"] as? Int == 15455)
        #expect((back["text"] as? String)?.hasPrefix("OMGGG") == true)
        #expect((back["old"] as? [String: Any])?["rules"] as? [String] == ["shouting.caps", "shouting.flood"])
        #expect((back["old"] as? [String: Any])?["verdict"] as? String == "hold")
        #expect((back["new"] as? [String: Any])?["rules"] as? [String] == ["shouting.caps"])
        #expect((back["new"] as? [String: Any])?["verdict"] as? String == "allow")
    }

    @Test func identicalRulesChangeNothing() throws {
        let scratch = try rulesChange()
        let result = try modgate(
            "check", "--config", rulesOnly, "--baseline", scratch.path("old"), "--rules", scratch.path("old"), "--jsonl", chat)
        #expect(result.status == 0)
        #expect(result.lines == ["messages: 20000, changed: 0", "transitions: none", "rules: none"])
    }

    @Test func aBaselineThatDoesNotLoadIsNamed() throws {
        let scratch = try rulesChange()
        try scratch.write("old/broken.yaml", "rules:\n  - id: broken.rule\n    patterns: ['(']\n")
        let result = try modgate("check", "--baseline", scratch.path("old"), "--rules", scratch.path("new"), input: "hi\n")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--baseline: "), "\(result.stderr)")
        #expect(result.stderr.contains("broken.yaml:3"), "\(result.stderr)")
        let missing = try modgate("check", "--baseline", "/nonexistent/modgate-rules", "--rules", scratch.path("new"), input: "hi\n")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--baseline: ") && missing.stderr.contains("cannot read the rules directory"))
    }

    @Test func summaryDoesNotGoWithBaseline() throws {
        let result = try modgate("check", "--baseline", "/tmp", "--summary", input: "hi\n")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--baseline prints its own summary"))
    }
}
