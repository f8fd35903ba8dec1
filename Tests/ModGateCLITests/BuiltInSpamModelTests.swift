import Foundation
import ModGateTestSupport
import Testing

/// A rules folder needs no spam model: the default one is in the binary, and one beside the rules wins over it.
@Suite(.timeLimit(.minutes(2)))
struct BuiltInSpamModelTests {
    static let spam = "WINNER!! You have won a FREE prize, call 09061701461 now to claim your cash\n"
    static let rules = ["rules/only.yaml": LiveGateway.holdRule]

    @Test func serveFromTheRootWithACustomRulesFolderStarts() async throws {
        let scratch = try Scratch(Self.rules)
        let server = try ServerProcess(
            ["--db", scratch.path("modgate.db"), "--rules", scratch.path("rules")], logs: scratch.url,
            environment: cleanEnvironment, in: URL(fileURLWithPath: "/"))
        try await server.waitUntilListening()
        #expect(!server.log.contains("cannot read the spam model"))
        await server.stop()
    }

    @Test func checkFromTheRootScoresWithTheBuiltInModel() throws {
        let scratch = try Scratch(Self.rules)
        let result = try modgate(["check", "--rules", scratch.path("rules")], input: Self.spam, in: URL(fileURLWithPath: "/"))
        #expect(result.status == 0, "\(result.stderr)")
        let findings = try #require(try object(result.lines.first ?? "")["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["stage"] as? String == "spam" }, "\(result.stdout)")
    }

    @Test func aModelBesideTheRulesIsUsedInstead() throws {
        let empty = #"{"tableBits":18,"smoothing":0.2,"threshold":1,"spamMessages":0,"hamMessages":0,"buckets":[],"spam":[],"ham":[]}"#
        let scratch = try Scratch(Self.rules.merging(["rules/spam-model.json": empty]) { $1 })
        let result = try modgate(["check", "--rules", scratch.path("rules")], input: Self.spam, in: URL(fileURLWithPath: "/"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.count == 1 && !result.stdout.contains(#""stage":"spam""#), "\(result.stdout)")
    }
}
