import ModGateCore
import ModGateRules
import Testing

private let profanity = "rules:\n  - id: profanity\n    words_file: lists/profanity.txt\n    action: reject\n"
private let wordList = "# strong words\ncunt\n\nass\n  cock  \n"

private func profanityRules() throws -> RuleSet {
    try RulesDirectory(["profanity.yaml": profanity, "lists/profanity.txt": wordList]).load()
}

@Test(arguments: ["Scunthorpe United", "an assassin", "a classic", "cocktail hour", "passing", "bass", "#"])
func wordsDoNotHitInsideOtherWords(text: String) throws {
    #expect(try profanityRules().firing(message(text)) == [])
}

@Test(arguments: ["you ass", "ASS!", "@ss", "a$$", "4ss", "a s s", "c0ck", "ｃｕｎｔ", "cосk"])
func wordsAndTheirDisguisesHit(text: String) throws {
    #expect(try profanityRules().firing(message(text)) == ["profanity"])
}

@Test(arguments: ["c*nt", "c#nt", "c_nt", "c-nt", "c**t", "a*s", "what a c*n7!", "c*ck", "C*CK"])
func maskedLettersInsideAWordHit(text: String) throws {
    #expect(try profanityRules().firing(message(text)) == ["profanity"])
}

@Test(arguments: ["*unt", "cun*", "c*n", "c*nts", "a*b", "5*3=15", "*bass*", "co-op", "e-mail", "c.nt", "c nt"])
func masksStandOnlyForALetterBetweenLetters(text: String) throws {
    #expect(try profanityRules().firing(message(text)) == [])
}

@Test func masksAreNotUndoneBelowFull() throws {
    let basic = "rules:\n  - id: profanity\n    words: [cunt]\n    normalize: basic\n    action: reject\n"
    #expect(try ruleSet(basic).firing(message("c*nt")) == [])
    #expect(try ruleSet(basic).firing(message("cunt")) == ["profanity"])
}

@Test(arguments: [
    ("get ｆｒｅｅ money now", ["ｆｒｅｅ money"]),
    ("😀 fr33  m0ney, more f r e e money", ["fr33  m0ney", "f r e e money"]),
    ("ｆｒｅｅmoney", ["ｆｒｅｅmoney"]),
])
func findingSpansPointIntoTheOriginalText(text: String, matched: [String]) throws {
    let rules = try ruleSet("rules:\n  - id: scam\n    words: [free money]\n    action: hold\n")
    let finding = try #require(rules.evaluate(message(text)).first)
    #expect(finding.spans.map(text.utf8Slice) == matched)
}

@Test func patternsAndWordsOfOneRuleBothCount() throws {
    let rules = try ruleSet("rules:\n  - id: r\n    patterns: ['bit\\.ly/\\w+']\n    words: [casino]\n    action: hold\n")
    let text = "casino at bit.ly/abc"
    #expect(try #require(rules.evaluate(message(text)).first).spans.map(text.utf8Slice) == ["casino", "bit.ly/abc"])
}
