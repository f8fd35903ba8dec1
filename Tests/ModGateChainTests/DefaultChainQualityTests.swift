import Foundation
import ModGateChain
import ModGateCore
import ModGateTestSupport
import Testing

/// The stages that read what a message says (rules, spam, toxicity) as shipped, held against an English dictionary
/// and real chat; docs/quality.md measures them on held-out data.
@Suite struct DefaultChainQualityTests {
    let pipeline: Pipeline

    init() throws {
        var config = ChainConfig()
        config.rulesDirectory = packageRoot.appendingPathComponent("rules").path
        (config.rateLimits, config.flood, config.reputation) = (nil, nil, nil)
        pipeline = try config.build().chain.pipeline
    }

    private func verdict(_ text: String) -> Verdict {
        pipeline.moderate(Message(text: text, context: MessageContext(user: "u", room: "r", time: 0)))
    }

    private static func lines(_ path: String) throws -> [String] {
        try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func noOrdinaryDictionaryWordIsFlagged() throws {
        let reviewed = Set(try Self.lines("fixtures/wordlists/dictionary_profanity.txt").filter { !$0.hasPrefix("#") })
        var flagged: [String] = []
        for word in try Self.lines("fixtures/wordlists/english_dictionary_benign.txt") where !reviewed.contains(word.lowercased()) {
            let verdict = verdict(word)
            if verdict.action != .allow { flagged.append("\(word): \(verdict.action) \(verdict.findings.map(\.rule))") }
        }
        #expect(flagged.isEmpty, "\(flagged.count) words:\n\(flagged.prefix(30).joined(separator: "\n"))")
    }

    @Test func realChatIsAlmostNeverFlaggedAndRarelyNoticed() throws {
        var (noticed, flagged) = (0, [String]())
        let lines = try Self.lines("fixtures/chat/chitchat_20k.jsonl")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let text = object["text"] as? String ?? ""
            let verdict = verdict(text)
            noticed += verdict.findings.isEmpty ? 0 : 1
            if verdict.action != .allow { flagged.append("\(verdict.findings.map(\.rule)): \(text)") }
        }
        #expect(Double(flagged.count) <= 0.002 * Double(lines.count), "\(flagged.prefix(20).joined(separator: "\n"))")
        #expect(Double(noticed) <= 0.01 * Double(lines.count), "\(noticed) of \(lines.count) noticed")
    }
}
