import ArgumentParser
import Foundation
import ModGateChain
import ModGateCore
import ModGateRules

/// `modgate bench pipeline`: the whole chain over real chat with its real senders and rooms, beside the rules alone.
struct PipelineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Messages/s of the whole moderation chain on one core, with the rules-only figure beside it."
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
        var rulesPerSecond: Double
        var verdicts: [String: Int]

        private enum CodingKeys: String, CodingKey {
            case messages, users, rooms, stages, verdicts
            case pipelinePerSecond = "pipeline_messages_per_second"
            case rulesPerSecond = "rules_messages_per_second"
        }
    }

    func run() async throws {
        let built = try ChainOptions(config: config, rules: rules).build()
        let messages = try loadMessages(options.messages)
        let span = (messages.map(\.context.time).max() ?? 0) - (messages.map(\.context.time).min() ?? 0) + 1
        var verdicts: [String: Int] = [:]
        var pass = 0.0
        let clock = ContinuousClock()
        _ = await replay(messages, through: built.chain, shiftedBy: 0)
        let start = clock.now
        var moderated = 0
        repeat {
            pass += 1
            verdicts = await replay(messages, through: built.chain, shiftedBy: pass * span)
            moderated += messages.count
        } while clock.now - start < .milliseconds(Int(options.seconds * 1000))
        let pipelineRate = Double(moderated) / (clock.now - start).seconds
        let ruleSet = built.rules.rules
        let rulesRate = Stopwatch.rate(itemsPerPass: messages.count, seconds: options.seconds) {
            for message in messages { _ = ruleSet.evaluate(message) }
        }
        let result = Result(
            messages: messages.count, users: Set(messages.map(\.context.user)).count,
            rooms: Set(messages.map(\.context.room)).count, stages: built.chain.pipeline.stages.map(\.name),
            pipelinePerSecond: pipelineRate.rounded(), rulesPerSecond: rulesRate.rounded(), verdicts: verdicts)
        if options.json {
            print(jsonLine(result))
        } else {
            print("""
                messages:        \(result.messages) real chat messages from \(result.users) users in \(result.rooms) rooms
                stages:          \(result.stages.joined(separator: ", "))
                whole chain:     \(Int(result.pipelinePerSecond)) messages/s
                rules alone:     \(Int(result.rulesPerSecond)) messages/s
                verdicts (last pass): \(verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                """)
        }
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

/// The JSON lines of `path` as messages, with their senders, rooms and times.
func loadMessages(_ path: String) throws -> [Message] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read '\(path)'; run from the project's root or pass --messages FILE")
    }
    return data.split(separator: 0x0A).enumerated().compactMap { index, line in
        try? line.withUnsafeBytes { try CheckLine.message(from: $0.assumingMemoryBound(to: UInt8.self), number: index + 1).get() }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
