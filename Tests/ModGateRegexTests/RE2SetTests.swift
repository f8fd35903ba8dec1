import ModGateRegex
import Testing

@Test func setReportsEveryMatchingIndex() throws {
    let set = try RE2Set(["free", "money", #"\d{4}"#, "nothing"])
    #expect(set.count == 4)
    #expect(set.matches("free money since 2024") == [0, 1, 2])
    #expect(set.matches("money") == [1])
    #expect(set.matches("hello") == [])
}

@Test func setReportsOverlappingPatterns() throws {
    let set = try RE2Set(["abc", "b", "bc", "^a", "c$"])
    #expect(set.matches("abc") == [0, 1, 2, 3, 4])
}

@Test func setReportsMoreThanSixtyFourMatches() throws {
    let patterns = (0..<100).map { "x\($0 % 10)" }
    let set = try RE2Set(patterns)
    #expect(set.matches("x0 x1 x2 x3 x4 x5 x6 x7 x8 x9") == Array(0..<100))
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
