import ModGateCore
import ModGateRules

extension FuzzHarness {
    /// The rules file loader, through its public entry (a folder holding the input as its one rules file):
    /// a rules file is rules or problems that point inside the file, never a trap. Rules that load run their
    /// own examples and judge the input's text, with the same findings in both scan layouts.
    public static let rules = FuzzHarness(name: "rules") { bytes in
        RulesOracle.folder.write(bytes, to: "rules.yaml")
        let rules: RuleSet
        do throws(RulesError) {
            rules = try RulesLoader.load(directory: RulesOracle.folder.path)
        } catch {
            return RulesOracle.check(error)
        }
        _ = RuleExamples.run(rules)
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let message = Message(text: text, context: MessageContext(user: "fuzz", room: "lobby", time: 0))
        let findings = rules.evaluate(message)
        let perLevel = try? RulesLoader.load(directory: RulesOracle.folder.path, layout: .perLevel)
        expect(perLevel != nil, "rules that load in the shared layout fail to load per level")
        expect(perLevel.map { $0.evaluate(message) == findings } != false, "the per-level layout does not find what the shared one finds")
        for finding in findings {
            for span in finding.spans {
                expect(span.lowerBound >= 0 && span.upperBound <= text.utf8.count, "rule \(finding.rule) matched \(span) of \(text.utf8.count) bytes")
            }
        }
    }
}

private enum RulesOracle {
    /// The input is its rules.yaml; `words_file: words.txt` finds a word list beside it.
    static let folder = ScratchFolder("rules", files: ["words.txt": "scam\nfree money\n# a comment\n"])

    /// Every problem names a file and a line and column from 1.
    static func check(_ error: RulesError) {
        expect(!error.problems.isEmpty, "a rules error without problems")
        for problem in error.problems {
            let location = problem.location
            expect(!location.file.isEmpty && location.line >= 1 && location.column >= 1, "a problem at \(location): \(problem.message)")
        }
    }
}
