import ModGateRegex
import Testing

/// Runs `body` over the UTF-8 of `text`.
private func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    var text = text
    return text.withUTF8(body)
}

@Test(arguments: [("(abc", "missing )"), ("a[b", "missing ]"), ("a**", "bad repetition operator"), (#"\8"#, "invalid escape sequence")])
func compileErrorCarriesRE2Text(pattern: String, expected: String) {
    #expect {
        _ = try RE2Regex(pattern)
    } throws: { error in
        guard let error = error as? RegexError else { return false }
        return error.pattern == pattern && error.message.contains(expected) && error.description.contains(expected)
    }
}

@Test func firstMatchSpanAndGroups() throws {
    let regex = try RE2Regex(#"(\w+)@(\w+)\.com"#)
    #expect(regex.groupCount == 2)
    let text = "mail bob@example.com now"
    #expect(withBytes(text) { regex.firstMatch(in: $0) } == 5..<20)
    #expect(withBytes(text) { regex.firstMatch(in: $0, group: 1) } == 5..<8)
    #expect(withBytes(text) { regex.firstMatch(in: $0, group: 2) } == 9..<16)
    #expect(withBytes(text) { regex.firstMatch(in: $0, from: 6) } == 6..<20)
    #expect(withBytes("nothing here") { regex.firstMatch(in: $0) } == nil)
}

@Test func groupThatDidNotTakePartIsNil() throws {
    let regex = try RE2Regex("a(x)?b")
    #expect(withBytes("ab") { regex.firstMatch(in: $0, group: 1) } == nil)
    #expect(withBytes("ab") { regex.matches(in: $0, group: 1) } == [])
}

@Test func matchesAreNonOverlappingLeftToRight() throws {
    let regex = try RE2Regex("aba")
    #expect(withBytes("ababa aba") { regex.matches(in: $0) } == [0..<3, 6..<9])
    #expect(withBytes("ababa aba") { regex.matches(in: $0, limit: 1) } == [0..<3])
}

@Test func matchesReportGroupSpans() throws {
    let regex = try RE2Regex(#"(\d+)kg"#)
    #expect(withBytes("3kg and 12kg") { regex.matches(in: $0, group: 1) } == [0..<1, 8..<10])
}

@Test(arguments: [
    ("a*", "baaac", [0..<0, 1..<4, 4..<4, 5..<5]),
    ("x*", "", [0..<0]),
    // An empty match steps over a whole character, never into the middle of one.
    ("x*", "éa", [0..<0, 2..<2, 3..<3]),
])
func emptyMatchesMakeProgress(pattern: String, text: String, expected: [Range<Int>]) throws {
    let regex = try RE2Regex(pattern)
    #expect(withBytes(text) { regex.matches(in: $0) } == expected)
}

@Test func caseInsensitiveOption() throws {
    #expect(try RE2Regex("free money", caseInsensitive: true).matches("FREE Money"))
    #expect(try !RE2Regex("free money").matches("FREE Money"))
}

@Test func matchesMultiByteTextByBytes() throws {
    let regex = try RE2Regex("ß+")
    #expect(withBytes("größe ßß") { regex.matches(in: $0) } == [4..<6, 8..<12])
}
