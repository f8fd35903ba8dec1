import ArgumentParser
import Foundation
import ModGateChain
import ModGateCore
import ModGateRules

/// `modgate bench pipeline`: the whole chain over real chat with its real senders and rooms, beside the same
/// chain without its toxicity stage and the rules alone.
struct PipelineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Messages/s of the whole moderation chain on one core, beside the chain without toxicity and the rules alone.",
        discussion: "The chain with and without toxicity run in turns, a pass each, so that both meet the same machine."
    )

    @Option(help: "The config file that assembles the chain; the defaults without one.")
    var config: String?

    @Option(help: "The rules directory; overrides the config file.")
    var rules: String?

    @OptionGroup var options: BenchOptions

    struct Result: Encodable {
        var messages: Int
        var users: Int
        var rooms: Int
        var stages: [String]
        var pipelinePerSecond: Double
        var withoutToxicityPerSecond: Double?
        var rulesPerSecond: Double
        var verdicts: [String: Int]

        private enum CodingKeys: String, CodingKey {
            case messages, users, rooms, stages, verdicts
            case pipelinePerSecond = "pipeline_messages_per_second"
            case withoutToxicityPerSecond = "without_toxicity_messages_per_second"
            case rulesPerSecond = "rules_messages_per_second"
        }
    }

    func run() async throws {
        var settings = try ChainOptions(config: config, rules: rules).load()
        let built = try ChainOptions.build(settings)
        var without: BuiltChain?
        if settings.toxicity != nil {
            settings.toxicity = nil
            without = try ChainOptions.build(settings)
        }
        let messages = try loadMessages(self.options.messages)
        let chains = [built.chain] + (without.map { [$0.chain] } ?? [])
        let (rates, verdicts) = await measure(messages, through: chains)
        let ruleSet = built.rules.rules
        let rulesRate = Stopwatch.rate(itemsPerPass: messages.count, seconds: self.options.seconds) {
            for message in messages { _ = ruleSet.evaluate(message) }
        }
        let result = Result(
            messages: messages.count, users: Set(messages.map(\.context.user)).count,
            rooms: Set(messages.map(\.context.room)).count, stages: built.chain.pipeline.stages.map(\.name),
            pipelinePerSecond: rates[0].rounded(), withoutToxicityPerSecond: rates.count > 1 ? rates[1].rounded() : nil,
            rulesPerSecond: rulesRate.rounded(), verdicts: verdicts)
        if self.options.json {
            print(jsonLine(result))
            return
        }
        var lines = [
            "messages:        \(result.messages) real chat messages from \(result.users) users in \(result.rooms) rooms",
            "stages:          \(result.stages.joined(separator: ", "))",
            "whole chain:     \(Int(result.pipelinePerSecond)) messages/s",
        ]
        if let without = result.withoutToxicityPerSecond {
            let kept = Int((result.pipelinePerSecond / without * 100).rounded())
            lines.append("without toxicity: \(Int(without)) messages/s (the whole chain keeps \(kept)%)")
        }
        lines.append("rules alone:     \(Int(result.rulesPerSecond)) messages/s")
        lines.append("verdicts (last pass): \(verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        print(lines.joined(separator: "\n"))
    }

    /// Messages/s of each chain, passes taken in turns for `--seconds` each, and the first chain's verdicts on its
    /// last pass. Each chain keeps its own state, so each replays its passes later than the one before.
    private func measure(_ messages: [Message], through chains: [ModerationChain]) async -> ([Double], [String: Int]) {
        let span = (messages.map(\.context.time).max() ?? 0) - (messages.map(\.context.time).min() ?? 0) + 1
        let clock = ContinuousClock()
        var spent = [Duration](repeating: .zero, count: chains.count)
        var moderated = [Int](repeating: 0, count: chains.count)
        var verdicts: [String: Int] = [:]
        var pass = 0.0
        for chain in chains { _ = await replay(messages, through: chain, shiftedBy: 0) }
        repeat {
            pass += 1
            for (index, chain) in chains.enumerated() {
                let start = clock.now
                let last = await replay(messages, through: chain, shiftedBy: pass * span)
                spent[index] += clock.now - start
                moderated[index] += messages.count
                if index == 0 { verdicts = last }
            }
        } while spent[0] < .milliseconds(Int(options.seconds * 1000))
        return (zip(moderated, spent).map { Double($0) / $1.seconds }, verdicts)
    }

    /// One pass over `messages` with their times moved forward, so that every pass is later than the one before.
    /// Verdicts are counted by action and named once at the end, so the harness hashes no strings per message.
    private func replay(_ messages: [Message], through chain: ModerationChain, shiftedBy shift: Double) async -> [String: Int] {
        var verdicts: [Action: Int] = [:]
        for var message in messages {
            message.context.time += shift
            verdicts[await chain.moderate(message).action, default: 0] += 1
        }
        return Dictionary(uniqueKeysWithValues: verdicts.map { ($0.key.rawValue, $0.value) })
    }
}

/// The JSON lines of `path` as messages, with their senders, rooms and times; lines it cannot read are skipped,
/// and a file with none it can read is an error.
func loadMessages(_ path: String) throws -> [Message] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read '\(path)'; run from the project's root or pass --messages FILE")
    }
    let messages = data.split(separator: 0x0A).enumerated().compactMap { index, line in
        try? line.withUnsafeBytes { try CheckLine.message(from: $0.assumingMemoryBound(to: UInt8.self), number: index + 1).get() }
    }
    guard !messages.isEmpty else {
        throw ValidationError("'\(path)' holds no message: expected JSON lines with a \"text\" field")
    }
    return messages
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
