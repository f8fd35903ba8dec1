import Foundation
import ModGateTestSupport
import Testing

/// Three messages within ten seconds, then one ten seconds after the third; `ts` as Unix seconds and RFC 3339.
private let recorded = """
    {"text": "hi all", "user": "ann", "room": "r", "ts": 1700000000}
    {"text": "anyone here?", "user": "ann", "room": "r", "ts": "2023-11-14T22:13:21Z"}
    {"text": "hello?", "user": "ann", "room": "r", "ts": 1700000002}
    {"text": "hi bob", "user": "bob", "room": "r", "ts": 1700000002.5}
    {"text": "there you are", "user": "ann", "room": "r", "ts": 1700000012}

    """

private let config = """
    rate_limits:
      user: {rate: 2/10s, burst: 2}
      escalation: off
    spam: {enabled: false}

    """

@Test func checkReplaysRateLimitsByTimestamp() throws {
    let folder = try Scratch(["modgate.yaml": config, "rules/empty.yaml": "rules: []\n"])
    let run = {
        try modgate(
            "check", "--jsonl", "--config", folder.path("modgate.yaml"), "--rules", folder.path("rules"), input: recorded)
    }
    let first = try run()
    #expect(first.status == 0)
    let lines = first.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    let verdicts = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    #expect(verdicts.map { $0["verdict"] as? String } == ["allow", "allow", "reject", "allow", "allow"])
    let finding = try #require((verdicts[2]["findings"] as? [[String: Any]])?.first)
    #expect(finding["rule"] as? String == "ratelimit.user")
    #expect(finding["retry_after"] as? Double == 3)
    #expect(verdicts[2]["reason"] as? String == "You are sending messages too fast; try again in 3s.")
    // The same lines replayed later give the same output: the clock is `ts`, not the wall clock.
    #expect(try run().stdout == first.stdout)
}
