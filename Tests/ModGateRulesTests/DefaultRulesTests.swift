import Foundation
import ModGateCore
import ModGateRules
import Testing

/// The rules the project ships (rules/*.yaml), held against their own examples, real chat and an English dictionary.
@Suite struct DefaultRulesTests {
    /// The package root: this file is Tests/ModGateRulesTests/DefaultRulesTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped rules, loaded once for every test.
    static let shipped: Result<RuleSet, RulesError> = Result { () throws(RulesError) in
        try RulesLoader.load(directory: root.appendingPathComponent("rules").path)
    }

    let rules: RuleSet
    let policy = VerdictPolicy()

    init() throws {
        rules = try Self.shipped.get()
    }

    @Test func everyExamplePasses() {
        let (passed, failures) = RuleExamples.run(rules)
        #expect(passed > 0)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func realChatIsAlmostAlwaysAllowed() throws {
        let lines = try Self.lines(of: "fixtures/chat/chitchat_20k.jsonl")
        #expect(lines.count == 20_000)
        var flagged: [(text: String, verdict: Verdict)] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let text = try #require(object["text"] as? String)
            let context = MessageContext(
                user: object["user"] as? String ?? "u", room: object["room"] as? String ?? "r", time: 0)
            let verdict = policy.verdict(for: rules.evaluate(Message(text: text, context: context)))
            if verdict.action != .allow { flagged.append((text, verdict)) }
        }
        let share = Double(flagged.count) / Double(lines.count)
        let report = flagged.prefix(20).map { "  \($0.verdict.action) \(Self.ruleIDs($0.verdict)): \($0.text)" }
        #expect(
            share < 0.005,
            "\(flagged.count) of \(lines.count) chat messages are not allowed:\n\(report.joined(separator: "\n"))")
    }

    /// `modgate check` scans with a set per level; the gateway with shared sets. They must find the same.
    @Test func scansPerLevelFindWhatSharedScansFind() throws {
        let perLevel = try RulesLoader.load(directory: Self.root.appendingPathComponent("rules").path, layout: .perLevel)
        #expect(RuleExamples.run(perLevel).failures.isEmpty)
        let chat = try Self.lines(of: "fixtures/chat/chitchat_20k.jsonl").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["text"] as? String ?? ""
        }
        let words = try Self.lines(of: "fixtures/wordlists/english_dictionary_benign.txt").prefix(20_000)
        var differing: [String] = []
        for text in chat + words {
            let message = Message(text: text, context: MessageContext(user: "u", room: "r", time: 0))
            if perLevel.evaluate(message) != rules.evaluate(message) { differing.append(text) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }

    @Test func dictionaryWordsAreAllowed() throws {
        let start = ContinuousClock.now
        let words = try Self.lines(of: "fixtures/wordlists/english_dictionary_benign.txt")
        let profane = Set(
            try Self.lines(of: "fixtures/wordlists/dictionary_profanity.txt").filter { !$0.hasPrefix("#") })
        #expect(words.count > 100_000)
        var offenders: [String] = []
        var judged = 0
        for word in words where !profane.contains(word.lowercased()) {
            let verdict = verdict(word)
            judged += 1
            if verdict.action != .allow { offenders.append("  \(word): \(verdict.action) \(Self.ruleIDs(verdict))") }
        }
        print("dictionary: \(judged) words judged in \(ContinuousClock.now - start)")
        #expect(
            offenders.isEmpty,
            "\(offenders.count) dictionary words are not allowed:\n\(offenders.prefix(30).joined(separator: "\n"))")

        let unacted = profane.filter { verdict($0).action == .allow }.sorted()
        #expect(unacted.isEmpty, "listed in dictionary_profanity.txt but allowed: \(unacted)")

        for word in Self.innocent {
            #expect(verdict(word).action == .allow, "\(word)")
        }
        for word in ["shitake", "shiitake"] where words.contains(word) {
            #expect(verdict(word).action == .allow, "\(word)")
        }
    }

    /// Words that hold a bad word inside a good one (the Scunthorpe problem).
    static let innocent = [
        "assassin", "Scunthorpe", "classic", "cocktail", "cockpit", "Essex", "Sussex", "therapist", "grape",
    ]

    @Test(arguments: [
        "f u c k this", "f.u.c.k off", "what the fück", "FUCK", "fuсk" /* Cyrillic с */, "ｆｕｃｋ", "fuck1ng hell",
        "wh0re", "you are such a F U C K honestly", "f*ck off", "this f***ing game", "what the f#ck", "f_cking hell",
    ])
    func strongWordIsHeld(_ text: String) {
        let verdict = verdict(text)
        #expect(verdict.action == .hold)
        #expect(Self.ruleIDs(verdict).contains("profanity.strong"))
    }

    @Test(arguments: ["n1gg3r", "n i g g e r", "піggеr" /* Cyrillic і, е */, "you n-gger", "n*gg3r"])
    func slurIsRejected(_ text: String) {
        let verdict = verdict(text)
        #expect(verdict.action == .reject)
        #expect(Self.ruleIDs(verdict).contains("slurs.list"))
    }

    @Test(arguments: [
        ("that is sh*t", "profanity.mild", Action.allow), ("total b*ll$h17", "profanity.mild", .allow),
        ("you c*n7", "profanity.severe", .reject),
    ])
    func maskedWordMeetsTheRuleOfTheWord(text: String, rule: String, action: Action) {
        let verdict = verdict(text)
        #expect(verdict.action == action)
        #expect(Self.ruleIDs(verdict) == [rule])
    }

    /// Text where "*", "#", "-" and "_" are not masks: arithmetic, markdown, prices, addresses, compounds, tags.
    @Test(arguments: [
        "5*3=15", "a*b", "2*x + 3*y", "it costs $4.99*", "**bold** and *italic*", "mail bob@example.com",
        "send an e-mail", "the co-op", "#hashtags #blessed", "wait...", "so-so", "x-ray", "my_var_name", "t-shirt",
        "#1 fan", "covid-19",
    ])
    func masksInOrdinaryTextMatchNoWord(text: String) {
        let fired = Self.ruleIDs(verdict(text))
        #expect(!fired.contains { $0.hasPrefix("profanity.") || $0.hasPrefix("slurs.") }, "\(fired)")
    }

    @Test func cardNumberIsRedactedExactly() throws {
        let text = "my card is 4111 1111 1111 1111 exp 12/27"
        let verdict = verdict(text)
        #expect(verdict.action == .redact)
        let finding = try #require(verdict.findings.first { $0.rule == "personal-data.card_number" })
        let digits = try #require(text.range(of: "4111 1111 1111 1111"))
        let start = text.utf8.distance(from: text.utf8.startIndex, to: digits.lowerBound)
        #expect(finding.spans == [start..<(start + 19)])
        #expect(verdict.redacting(text) == "my card is ******************* exp 12/27")
        #expect(self.verdict("my card is 4111 1111 1111 1112").action == .allow)
    }

    @Test func everyMaliciousHostIsRejected() throws {
        let hosts = try Self.lines(of: "rules/lists/malicious_hosts.txt").filter { !$0.hasPrefix("#") }
        #expect(hosts.count > 500)
        let missed = hosts.filter { verdict("get it at https://\($0)/setup.exe now").action != .reject }
        #expect(missed.isEmpty, "not rejected: \(missed.prefix(20))")
    }

    private func verdict(_ text: String) -> Verdict {
        policy.verdict(
            for: rules.evaluate(Message(text: text, context: MessageContext(user: "u1", room: "lobby", time: 0))))
    }

    private static func ruleIDs(_ verdict: Verdict) -> [String] { verdict.findings.map(\.rule) }

    /// The non-empty lines of a file under the package root.
    private static func lines(of path: String) throws -> [String] {
        let contents = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        return contents.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }
}
