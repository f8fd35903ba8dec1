import Foundation
import ModGateTestSupport
import Testing

private let messages = "hello there\nｆｒｅｅ money\ncasino casino\n"

@Test func checkPrintsOneVerdictPerLine() throws {
    let scratch = try Scratch(sampleRules.merging(["input.txt": messages]) { $1 })
    let result = try modgate("check", "--rules", scratch.path("rules"), scratch.path("input.txt"))
    #expect(result.status == 0)
    #expect(result.lines.count == 3)
    #expect(result.lines[0] == #"{"findings":[],"line":1,"score":0,"verdict":"allow"}"#)
    let held = try object(result.lines[1])
    #expect(held["verdict"] as? String == "hold")
    #expect(held["reason"] as? String == "Looks like a scam.")
    let finding = try #require((held["findings"] as? [[String: Any]])?.first)
    #expect(finding["stage"] as? String == "rules")
    #expect(finding["rule"] as? String == "scam.free-money")
    let span = try #require((finding["spans"] as? [[String: Any]])?.first)
    #expect(span["start"] as? Int == 0)
    #expect(span["end"] as? Int == 18)
    #expect(span["text"] as? String == "ｆｒｅｅ money")
    let scored = try object(result.lines[2])
    #expect(scored["score"] as? Double == 2.5)
    #expect(scored["verdict"] as? String == "allow")
}

@Test func checkReadsStandardInput() throws {
    let scratch = try Scratch(sampleRules)
    let result = try modgate("check", "--rules", scratch.path("rules"), input: messages)
    #expect(try result.lines.map { try object($0)["line"] as? Int } == [1, 2, 3])
}

@Test func checkJSONLKeepsOrderAndReportsBadLines() throws {
    let input = """
        {"text": "casino", "user": "u1", "room": "r", "ts": "2024-05-02T19:38:15Z"}
        not json
        {"user": "u2"}
        {"text": "free money", "ts": 1714678695}

        """
    let scratch = try Scratch(sampleRules.merging(["input.jsonl": input]) { $1 })
    let result = try modgate("check", "--jsonl", "--rules", scratch.path("rules"), scratch.path("input.jsonl"))
    #expect(result.status == 0)
    #expect(result.lines.count == 4)
    #expect(result.lines[1] == #"{"error":"not a JSON object","line":2}"#)
    #expect(try object(result.lines[2])["line"] as? Int == 3)
    #expect(try object(result.lines[2])["error"] as? String != nil)
    let verdicts = try [0, 3].map { try object(result.lines[$0]) }
    #expect(verdicts.map { $0["line"] as? Int } == [1, 4])
    #expect(verdicts.map { $0["verdict"] as? String } == ["allow", "hold"])
    #expect(verdicts.allSatisfy { Set($0.keys).isSuperset(of: ["verdict", "score", "findings", "line"]) })
    #expect(result.stderr.contains("2 line(s) could not be read"))
}

/// Judging and writing run side by side in batches: many batches still come out whole and in order.
@Test func checkKeepsOrderAcrossManyBatches() throws {
    let lines = (1...5000).map { $0 % 7 == 0 ? "not json" : #"{"text":"free money \#($0)","user":"u\#($0 % 13)","ts":\#($0)}"# }
    let scratch = try Scratch(sampleRules.merging(["input.jsonl": lines.joined(separator: "\n") + "\n"]) { $1 })
    let result = try modgate("check", "--jsonl", "--rules", scratch.path("rules"), scratch.path("input.jsonl"))
    #expect(result.status == 0)
    #expect(try result.lines.map { try object($0)["line"] as? Int } == Array(1...5000))
    #expect(try result.lines.map { try object($0)["error"] != nil } == (1...5000).map { $0 % 7 == 0 })
    #expect(result.stderr.contains("714 line(s) could not be read"))
}

@Test func checkSummary() throws {
    let scratch = try Scratch(sampleRules)
    let result = try modgate("check", "--summary", "--rules", scratch.path("rules"), input: messages + "free money\n")
    #expect(result.status == 0)
    #expect(result.lines == [
        "messages: 4",
        "  allow    2 (50.00%)",
        "  redact   0 (0.00%)",
        "  shadow   0 (0.00%)",
        "  hold     2 (50.00%)",
        "  reject   0 (0.00%)",
        "rules:",
        "  scam.free-money                  2",
        "  gambling                         1",
    ])
}

@Test func checkWithMissingRulesExitsTwo() throws {
    let result = try modgate("check", "--rules", "/nonexistent/modgate-rules", input: "hi\n")
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("cannot read the rules directory"))
}

/// A `ts` outside 1970 ... 9999 is an error on its line: huge times used to trap the rate limiter.
@Test func checkBoundsTimes() throws {
    let input = """
        {"text": "hi there", "ts": 1e19}
        {"text": "hi there", "ts": 253402300799}
        {"text": "hi there", "ts": 253402300799}
        {"text": "hi there", "ts": -1e19}
        {"text": "hi there", "ts": 0}

        """
    let scratch = try Scratch(sampleRules)
    let result = try modgate("check", "--jsonl", "--rules", scratch.path("rules"), input: input)
    #expect(result.status == 0)
    let lines = try result.lines.map(object)
    #expect(lines.map { $0["line"] as? Int } == [1, 2, 3, 4, 5])
    for index in [0, 3] {
        let error = try #require(lines[index]["error"] as? String)
        #expect(error.hasPrefix("'ts' must be RFC 3339 or Unix seconds from 0 to 253402300799"), "\(error)")
    }
    #expect(lines[1]["verdict"] as? String == "allow" && lines[4]["verdict"] != nil)
}
