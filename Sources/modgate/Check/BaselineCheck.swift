import ArgumentParser
import ModGateChain
import ModGateCore
import ModGateRules

/// `modgate check --baseline DIR`: the same input through the baseline rules and the rules in use, the same config
/// and clock on both sides, reporting only the messages whose verdict differs.
extension CheckCommand {
    func compare(against baseline: String) async throws {
        let settings = try ChainOptions(config: config, rules: rules).load()
        var baselineSettings = settings
        baselineSettings.rulesDirectory = baseline
        let old: BuiltChain
        do {
            old = try ChainOptions.build(baselineSettings, scanLayout: .perLevel)
        } catch let error as ValidationError {
            throw ValidationError("--baseline: \(error.message)")
        }
        let new = try ChainOptions.build(settings, scanLayout: .perLevel)
        let (oldChain, newChain) = (old.chain, new.chain)
        let json = json
        let report = try await Self.replay(
            file, jsonl: jsonl,
            ahead: { (oldChain.pipeline.workAhead(on: $0), newChain.pipeline.workAhead(on: $0)) },
            judge: { message, ahead, line in
                let before = await oldChain.moderate(message, ahead: ahead.0)
                let after = await newChain.moderate(message, ahead: ahead.1)
                return .verdicts(old: before, new: after, text: message.text, line: line)
            },
            unreadable: { Compared.unreadable($0) },
            write: { await Self.writeChanges($0, json: json) })
        print(json ? jsonLine(report) : report.summary)
        if report.errors > 0 { printError("\(report.errors) line(s) could not be read and were skipped") }
    }

    /// One input line judged by both chains, or not read.
    enum Compared: Sendable {
        case verdicts(old: Verdict, new: Verdict, text: String, line: Int)
        case unreadable(CheckLineError)
    }

    /// Prints each changed message as it comes (not with `--json`) and counts them all.
    static func writeChanges(_ pipe: BatchPipe<Compared>, json: Bool) async -> BaselineReport {
        var output = Output()
        var report = BaselineReport()
        for await batch in pipe.batches {
            for compared in batch {
                switch compared {
                case .verdicts(let old, let new, let text, let line):
                    guard let change = report.add(old: old, new: new, text: text, line: line), !json else { continue }
                    output.line(change.report)
                case .unreadable: report.errors += 1
                }
            }
            pipe.taken()
        }
        output.flush()
        return report
    }
}
