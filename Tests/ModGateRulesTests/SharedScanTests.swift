import ModGateRules
import Testing

/// Rules at every level, so that texts which normalise alike share a scan and texts that do not are scanned apart.
private let levels = """
    rules:
      - id: raw.caps
        patterns: ['SALE']
        normalize: none
        score: 1
      - id: basic.link
        patterns: ['bit\\.ly/\\w+']
        normalize: basic
        score: 1
      - id: full.money
        patterns: ['free money']
        score: 1
      - id: squeezed.cool
        words: [cool]
        normalize: squeezed
        score: 1
    """

@Test(arguments: [ScanLayout.shared, .perLevel], [
    ("SALE at bit.ly/x, free money, cool", ["raw.caps", "basic.link", "full.money", "squeezed.cool"]),
    ("sale, FREE MONEY", ["full.money"]),
    ("Fr33  M0ney at BIT.LY/abc", ["basic.link", "full.money"]),
    ("coooool SALE", ["raw.caps", "squeezed.cool"]),
    ("ｓａｌｅ ＳＡＬＥ", []),
])
func everyLevelFindsItsRulesWhetherScansAreSharedOrNot(layout: ScanLayout, example: (text: String, expected: [String])) throws {
    #expect(try ruleSet(levels, layout: layout).firing(message(example.text)) == example.expected)
}

@Test(arguments: [ScanLayout.shared, .perLevel])
func matchingIsCaseInsensitiveExceptAtNone(layout: ScanLayout) throws {
    let rules = try ruleSet(levels, layout: layout)
    #expect(rules.firing(message("FREE MONEY")) == ["full.money"])
    #expect(rules.firing(message("Sale")) == [])
}
