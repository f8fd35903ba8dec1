import ArgumentParser

/// `modgate bench ...`: benchmark programs; each prints its figures, or one JSON object with --json.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: print figures, or one JSON object with --json.",
        subcommands: [RulesBenchmark.self, PipelineBenchmark.self, GatewayBenchmark.self, StoreBenchmark.self]
    )
}

/// Options every benchmark takes.
struct BenchOptions: ParsableArguments {
    @Option(help: "Chat messages to replay: JSON lines with a \"text\" field.")
    var messages: String = "fixtures/chat/chitchat_20k.jsonl"

    @Option(help: "How long to run each measurement, in seconds (at most 300).")
    var seconds: Double = 3

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 300 else { throw ValidationError("--seconds takes more than 0 and at most 300, for example --seconds 3") }
    }
}
