import ArgumentParser
import Foundation
import ModGateCore
import ModGateChain
import ModGateRules

/// `modgate check`: the chain over a file of messages, offline: a backtest of a rules change.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge every line of a file (or standard input) offline and print one JSON verdict per line.",
        discussion: """
            Input is one message text per line, or with --jsonl one JSON object per line with "text" and \
            optional "user", "room" and "ts" (RFC 3339 or Unix seconds). Output is one JSON object per input \
            line, in order. Exits 0 once the whole input is judged, whatever the verdicts.
            """
    )

    @Option(help: "The config file that assembles the chain (docs/configuration.md); defaults apply without one.")
    var config: String?

    @Option(help: "The rules directory; overrides the config file's rules.directory.")
    var rules: String?

    @Flag(help: "Read one JSON object per line instead of plain text.")
    var jsonl = false

    @Flag(help: "Print only counts by verdict and by rule.")
    var summary = false

    @Flag(help: "With --summary or --baseline: print the summary as one JSON object.")
    var json = false

    @Option(help: ArgumentHelp(
        "A rules directory to compare against: print only the messages whose verdict differs between it and the rules in use (--rules or the config's), then counts by transition and by rule.",
        valueName: "old-rules-dir"))
    var baseline: String?

    @Argument(help: "The input file, or - for standard input.")
    var file: String = "-"

    func validate() throws {
        if baseline != nil && summary {
            throw ValidationError("--baseline prints its own summary; leave out --summary (add --json for one JSON object)")
        }
    }

    func run() async throws {
        if let baseline { return try await compare(against: baseline) }
        // One pass over unseen text: small RE2 automata build their states faster than shared ones.
        let chain = try ChainOptions(config: config, rules: rules).build(scanLayout: .perLevel).chain
        let summary = summary
        let summed = try await Self.replay(
            file, jsonl: jsonl,
            ahead: { chain.pipeline.workAhead(on: $0) },
            judge: { message, ahead, line in .verdict(await chain.moderate(message, ahead: ahead), text: message.text, line: line) },
            unreadable: { Judged.unreadable($0) },
            write: { await Self.write($0, summary: summary) })
        if summary { print(json ? jsonLine(summed) : summed.report) }
        if summed.errors > 0 { printError("\(summed.errors) line(s) could not be read; see their \"error\" objects") }
    }

    /// How many lines go from one stage to the next at once, and how many such batches may wait.
    static let batchSize = 1024
    static let batchesInFlight = 4

    /// The input file (or standard input for `-`), or exit 2 naming it.
    static func openInput(_ file: String) throws -> LineReader {
        do {
            return try LineReader(path: file)
        } catch {
            throw ValidationError("cannot read '\(file)': no such file or not readable")
        }
    }

    /// Reads `file` (one message a line, JSON with `jsonl`), judges every message in input order and returns what
    /// `write` made of the results, the four running side by side (`judgeAll`).
    static func replay<Ahead: Sendable, Out: Sendable, Tally: Sendable>(
        _ file: String, jsonl: Bool,
        ahead: @escaping @Sendable (Message) -> Ahead,
        judge: (Message, Ahead, Int) async -> Out,
        unreadable: (CheckLineError) -> Out,
        write: @escaping @Sendable (BatchPipe<Out>) async -> Tally
    ) async throws -> Tally {
        let reader = try openInput(file)
        let lines = BatchPipe<Result<Message, CheckLineError>>(inFlight: batchesInFlight)
        let judged = BatchPipe<Out>(inFlight: batchesInFlight)
        async let reading: Void = read(reader, jsonl: jsonl, into: lines)
        async let tally = write(judged)
        await judgeAll(lines, into: judged, ahead: ahead, judge: judge, unreadable: unreadable)
        await reading
        return await tally
    }

    /// Judges every message `lines` brings, in input order, sending the results on to `judged`.
    /// Reading, working ahead, judging and writing run side by side, a few batches apart at most: `judge` takes each
    /// line in order while the stateless work (`ahead`: RE2 scans, spam scores) is done for the next lines, those
    /// after are read (by `read`, into `lines`), and those judged before are written by whoever reads `judged`.
    static func judgeAll<Ahead: Sendable, Out: Sendable>(
        _ lines: BatchPipe<Result<Message, CheckLineError>>, into judged: BatchPipe<Out>,
        ahead: @escaping @Sendable (Message) -> Ahead,
        judge: (Message, Ahead, Int) async -> Out,
        unreadable: (CheckLineError) -> Out
    ) async {
        let prepared = BatchPipe<Result<Prepared<Ahead>, CheckLineError>>(inFlight: batchesInFlight)
        async let preparing: Void = lines.relay(into: prepared) { read in
            read.map { Prepared(message: $0, ahead: ahead($0)) }
        }
        var results = judged.sender()
        var number = 0
        for await batch in prepared.batches {
            var out: [Out] = []
            out.reserveCapacity(batch.count)
            for read in batch {
                number += 1
                switch read {
                case .success(let line): out.append(await judge(line.message, line.ahead, number))
                case .failure(let error): out.append(unreadable(error))
                }
            }
            prepared.taken()
            await results.send(out)
        }
        results.finish()
        await preparing
    }

    /// A message read, with the work its stages did ahead of the chain.
    struct Prepared<Ahead: Sendable>: Sendable {
        let message: Message
        let ahead: Ahead
    }

    /// One input line, judged or not.
    enum Judged: Sendable {
        case verdict(Verdict, text: String, line: Int)
        case unreadable(CheckLineError)
    }

    /// Reads every line into batches of messages (or what is wrong with a line).
    static func read(_ reader: consuming LineReader, jsonl: Bool, into pipe: BatchPipe<Result<Message, CheckLineError>>) async {
        var reader = reader
        var sender = pipe.sender()
        var batch: [Result<Message, CheckLineError>] = []
        batch.reserveCapacity(batchSize)
        var number = 0
        while let read = reader.withNextLine({ message(from: $0, number: number + 1, jsonl: jsonl) }) {
            number += 1
            batch.append(read)
            guard batch.count == batchSize else { continue }
            await sender.send(batch)
            batch = []
            batch.reserveCapacity(batchSize)
        }
        if !batch.isEmpty { await sender.send(batch) }
        sender.finish()
    }

    /// Writes each batch's lines (or only counts them, for `--summary`).
    static func write(_ pipe: BatchPipe<Judged>, summary: Bool) async -> CheckSummary {
        var output = Output()
        var tally = CheckSummary()
        for await batch in pipe.batches {
            for judged in batch {
                switch judged {
                case .verdict(let verdict, let text, let line):
                    tally.add(verdict)
                    if !summary { output.line { CheckOutput.verdict(VerdictReport(verdict, text: text), line: line, into: &$0) } }
                case .unreadable(let error):
                    tally.errors += 1
                    if !summary { output.line { CheckOutput.error(error, into: &$0) } }
                }
            }
            pipe.taken()
        }
        output.flush()
        return tally
    }
}

extension CheckCommand {
    /// The message on line `number`: a JSON object with `--jsonl` (`CheckLine`), else the text itself from its own
    /// sender (`line-N`), one message a second, so that plain lines do not rate-limit each other.
    static func message(from line: UnsafeBufferPointer<UInt8>, number: Int, jsonl: Bool) -> Result<Message, CheckLineError> {
        guard !jsonl else { return CheckLine.message(from: line, number: number) }
        let context = MessageContext(user: "line-\(number)", room: "check", time: Double(number))
        return .success(Message(text: String(decoding: line, as: UTF8.self), context: context))
    }
}

/// Counts by verdict and by rule, for `check --summary`.
struct CheckSummary: Encodable {
    var messages = 0
    var errors = 0
    var verdicts: [String: Int] = [:]
    var rules: [String: Int] = [:]

    mutating func add(_ verdict: Verdict) {
        messages += 1
        verdicts[verdict.action.rawValue, default: 0] += 1
        for finding in verdict.findings { rules[finding.rule, default: 0] += 1 }
    }

    var report: String {
        var lines = ["messages: \(messages)" + (errors > 0 ? " (\(errors) unreadable lines)" : "")]
        for action in Action.allCases {
            let count = verdicts[action.rawValue] ?? 0
            let share = messages > 0 ? Double(count) * 100 / Double(messages) : 0
            lines.append("  \(action.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(count) (\(share.formatted2)%)")
        }
        lines.append(rules.isEmpty ? "rules: none fired" : "rules:")
        for (rule, count) in rules.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            lines.append("  \(rule.padding(toLength: 32, withPad: " ", startingAt: 0)) \(count)")
        }
        return lines.joined(separator: "\n")
    }
}

extension Double {
    /// Two decimals, for percentages.
    var formatted2: String {
        let hundredths = (self * 100).rounded()
        let whole = Int(hundredths / 100)
        let fraction = Int(hundredths) % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
