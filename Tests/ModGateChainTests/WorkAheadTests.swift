import Foundation
import ModGateChain
import ModGateCore
import ModGateRules
import ModGateTestSupport
import Testing

/// `modgate check` does the stateless part of the stages (RE2 scans, spam scores) ahead, on another core. The
/// verdicts must be those of the chain alone: the same findings, in the same order, for every real chat line.
@Test func workDoneAheadGivesTheVerdictsOfTheChainAlone() async throws {
    var config = ChainConfig()
    config.rulesDirectory = packageRoot.appendingPathComponent("rules").path
    let alone = try config.build().chain
    let ahead = try config.build(scanLayout: .perLevel).chain
    let lines = try String(contentsOf: packageRoot.appendingPathComponent("fixtures/chat/chitchat_20k.jsonl"), encoding: .utf8)
        .split(separator: "\n").prefix(5_000)
    var differing: [String] = []
    for (number, line) in lines.enumerated() {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let context = MessageContext(
            user: object["user"] as? String ?? "u", room: object["room"] as? String ?? "r", time: Double(number))
        let message = Message(text: object["text"] as? String ?? "", context: context)
        let plain = await alone.moderate(message)
        let prepared = await ahead.moderate(message, ahead: ahead.pipeline.workAhead(on: message))
        if prepared.action != plain.action || prepared.findings != plain.findings { differing.append(message.text) }
    }
    #expect(differing.isEmpty, "\(differing.prefix(10))")
}
