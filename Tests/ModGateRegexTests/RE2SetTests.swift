import ModGateRegex
import Testing

@Test func setReportsEveryMatchingIndex() throws {
    let set = try RE2Set(["free", "money", #"\d{4}"#, "nothing"])
    #expect(set.count == 4)
    #expect(try set.matches("free money since 2024") == [0, 1, 2])
    #expect(try set.matches("money") == [1])
    #expect(try set.matches("hello") == [])
}

@Test func setReportsOverlappingPatterns() throws {
    let set = try RE2Set(["abc", "b", "bc", "^a", "c$"])
    #expect(try set.matches("abc") == [0, 1, 2, 3, 4])
}

@Test func setReportsMoreThanSixtyFourMatches() throws {
    let patterns = (0..<100).map { "x\($0 % 10)" }
    let set = try RE2Set(patterns)
    #expect(try set.matches("x0 x1 x2 x3 x4 x5 x6 x7 x8 x9") == Array(0..<100))
}

@Test func setCaseInsensitiveOption() throws {
    #expect(try RE2Set(["free"], caseInsensitive: true).matches("FrEe") == [0])
    #expect(try RE2Set(["free"]).matches("FrEe") == [])
}

@Test func emptySetMatchesNothing() throws {
    #expect(try RE2Set([]).matches("anything") == [])
}

@Test func setCompileErrorNamesPatternAndRE2Text() {
    #expect {
        _ = try RE2Set(["fine", "(broken"])
    } throws: { error in
        (error as? RegexError).map { $0.pattern == "(broken" && $0.message.contains("missing )") } ?? false
    }
}

/// A scan that fails says so instead of reading as "no pattern matched"; the set works again afterwards.
@Test func aFailedScanThrowsInsteadOfMatchingNothing() throws {
    let set = try RE2Set(["free", "money"])
    set.failScans(1)
    let error = #expect(throws: RegexScanError.self) { try set.matches("free money") }
    #expect(error == RegexScanError(patterns: 2, textBytes: 10))
    #expect(try set.matches("free money") == [0, 1])
}

/// Why the failure above is injected: RE2 (20220601) refuses at Compile any budget its set DFA could run out
/// of, so a set that compiles scans a long adversarial text to the end at every budget.
@Test func aTinyBudgetFailsAtCompileNeverMidScan() throws {
    var generator = SystemRandomNumberGenerator()
    let text = String((0..<200_000).map { _ in Bool.random(using: &generator) ? "a" : "c" })
    for budget in stride(from: 2000, through: 40000, by: 2000) {
        guard let set = try? RE2Set([#"a[ac]{20}b"#, "word[0-9]+[a-z]+end"], maxMemory: budget) else { continue }
        #expect(try set.matches(text) == [], "budget \(budget)")
    }
}
