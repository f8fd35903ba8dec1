import ModGateChain
import ModGateCore
import ModGateRules
import ModGateSpam

extension FuzzHarness {
    /// The chain config loader: a config file is a config or problems with file:line, and a config that loads
    /// builds a chain that judges messages (this is where the file's numbers become rates, windows and
    /// scores) without trapping, even at extreme times.
    public static let chainConfig = FuzzHarness(name: "chain-config") { bytes in
        var config: ChainConfig
        do throws(RulesError) {
            config = try ChainConfigLoader.parse(String(decoding: bytes, as: UTF8.self), file: "chain.yaml", otherSections: ["server", "store"])
        } catch {
            return ChainConfigOracle.check(error)
        }
        config.rulesDirectory = ChainConfigOracle.rules.path
        guard let built = try? config.build(spamModel: ChainConfigOracle.spamModel) else { return }
        for (index, time) in ChainConfigOracle.times.enumerated() {
            let context = MessageContext(user: "user-\(index % 2)", room: "lobby", time: time, accountAge: time, reputation: 0.5)
            _ = built.chain.pipeline.moderate(Message(text: "free money at scam.example, FREE MONEY", context: context))
        }
    }
}

private enum ChainConfigOracle {
    /// One small rules file, so that building a chain costs little; the loader has a harness of its own.
    static let rules = ScratchFolder(
        "chain-rules",
        files: ["rules.yaml": "rules:\n  - id: fuzz.scam\n    words: [scam, free money]\n    score: 3\n    reason: scam\n"])
    static let spamModel = SpamModel(training: [
        SpamExample(text: "free money now", isSpam: true), SpamExample(text: "see you at lunch", isSpam: false),
    ])
    /// Message times in seconds: a burst, then gaps up to years, so that every window and rate is crossed.
    static let times: [Double] = [0, 0, 0.001, 1, 1, 2, 60, 3_600, 86_400, 31_536_000, 1e9, 4e9]

    /// Every problem names the file and a line and column from 1.
    static func check(_ error: RulesError) {
        expect(!error.problems.isEmpty, "a config error without problems")
        for problem in error.problems {
            let location = problem.location
            expect(location.file == "chain.yaml" && location.line >= 1 && location.column >= 1, "a problem at \(location): \(problem.message)")
        }
    }
}
