import ArgumentParser
import Foundation
import ModGateCore
import ModGateRegex
import ModGateRules

/// `modgate bench rules`: normalisation plus matching over real chat, beside a bare RE2 set scan of the same patterns.
struct RulesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Messages/s of the rules engine (normalise + match) and of a bare RE2 set scan, on one core."
    )

    @OptionGroup var rules: RulesOptions
    @OptionGroup var options: BenchOptions

    struct Result: Encodable {
        var messages: Int
        var rules: Int
        var patterns: Int
        var rulesPerSecond: Double
        var bareScanPerSecond: Double
        var ratio: Double
        var flagged: Int

        private enum CodingKeys: String, CodingKey {
            case messages, rules, patterns, ratio, flagged
            case rulesPerSecond = "rules_messages_per_second"
            case bareScanPerSecond = "bare_scan_messages_per_second"
        }
    }

    func run() throws {
        let ruleSet = try rules.load()
        let texts = try loadTexts(options.messages)
        let messages = texts.map { Message(text: $0, context: MessageContext(user: "bench", room: "bench", time: 0)) }
        let patterns = ruleSet.enabledPatterns
        let bare = try RE2Set(patterns)
        var flagged = 0
        let engineRate = Stopwatch.rate(itemsPerPass: messages.count, seconds: options.seconds) {
            flagged = 0
            for message in messages where !ruleSet.evaluate(message).isEmpty { flagged += 1 }
        }
        var hits = 0
        let bareRate = Stopwatch.rate(itemsPerPass: texts.count, seconds: options.seconds) {
            for var text in texts { text.withUTF8 { try? bare.forEachMatch(in: $0) { _ in hits += 1 } } }
        }
        let result = Result(
            messages: messages.count, rules: ruleSet.rules.count, patterns: patterns.count,
            rulesPerSecond: engineRate.rounded(), bareScanPerSecond: bareRate.rounded(),
            ratio: (engineRate / bareRate * 1000).rounded() / 1000, flagged: flagged)
        if options.json {
            print(jsonLine(result))
        } else {
            print("""
                messages:           \(result.messages) real chat messages, \(result.rules) rules, \(result.patterns) patterns
                rules engine:       \(Int(result.rulesPerSecond)) messages/s (normalise + RE2 set + rule spans)
                bare RE2 set scan:  \(Int(result.bareScanPerSecond)) messages/s (same patterns, raw text)
                ratio:              \(result.ratio)
                messages with a finding: \(flagged)
                """)
        }
    }
}

/// The "text" of each JSON line of `path`.
func loadTexts(_ path: String) throws -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read '\(path)'; run from the project's root or pass --messages FILE")
    }
    struct Line: Decodable { var text: String }
    let decoder = JSONDecoder()
    return data.split(separator: 0x0A).compactMap { try? decoder.decode(Line.self, from: $0).text }
}
