import ModGateCore
import ModGateRules
import Testing

private let conditional = """
    rules:
      - id: low
        words: [link]
        action: hold
        when: {reputation_below: 0.3}
      - id: trusted
        words: [link]
        score: 1
        when: {reputation_above: 0.4}
      - id: young
        words: [link]
        score: 1
        when: {account_age_below: 1d}
      - id: lobby
        words: [link]
        score: 1
        when: {rooms: [lobby, help]}
      - id: not-staff
        words: [link]
        score: 1
        when: {except_rooms: [staff]}
    """

@Test(arguments: [
    (message("a link"), ["trusted", "lobby", "not-staff"]),  // unknown reputation counts as 0.5; unknown age as no age
    (message("a link", reputation: 0.2), ["low", "lobby", "not-staff"]),
    (message("a link", reputation: 0.3, accountAge: 3600), ["young", "lobby", "not-staff"]),
    (message("a link", reputation: 0.9, accountAge: 86400), ["trusted", "lobby", "not-staff"]),
    (message("a link", room: "help"), ["trusted", "lobby", "not-staff"]),
    (message("a link", room: "staff"), ["trusted"]),
    (message("a link", room: "random"), ["trusted", "not-staff"]),
])
func conditionsDecideWhichRulesApply(message: Message, expected: [String]) throws {
    #expect(try ruleSet(conditional).firing(message) == expected)
}

@Test func minMatchesCountsSpans() throws {
    let rules = try ruleSet("rules:\n  - id: buy\n    words: [buy]\n    min_matches: 3\n    score: 2\n")
    #expect(rules.firing(message("buy buy now")) == [])
    #expect(rules.firing(message("buy buy buy now")) == ["buy"])
}

@Test(arguments: [
    ("card 4111 1111 1111 1111 ok", "card ******************* ok"),
    ("card 4111 1111 1111 1112 ok", "card 4111 1111 1111 1112 ok"),
    ("order 1234", "order 1234"),
])
func luhnCheckDecidesRedaction(text: String, redacted: String) throws {
    let rules = try ruleSet(#"""
        rules:
          - id: pii.card
            patterns: ['\b(?:\d[ -]?){12,18}\d\b']
            check: luhn
            action: redact
        """#)
    let verdict = VerdictPolicy().verdict(for: rules.evaluate(message(text)))
    #expect(verdict.redacting(text) == redacted)
    #expect(verdict.action == (text == redacted ? .allow : .redact))
}

@Test func userFieldReadsTheDisplayName() throws {
    let rules = try ruleSet("rules:\n  - id: impostor\n    field: user\n    words: [admin]\n    action: hold\n")
    #expect(rules.firing(message("hello", userName: "The 4dmin")) == ["impostor"])
    #expect(rules.firing(message("I am admin", userName: "bob")) == [])
    #expect(rules.firing(message("hello")) == [])
}

@Test func normalizeNoneKeepsCase() throws {
    let rules = try ruleSet("rules:\n  - id: shout\n    patterns: [FREE]\n    normalize: none\n    score: 1\n")
    #expect(rules.firing(message("FREE stuff")) == ["shout"])
    #expect(rules.firing(message("free stuff")) == [])
    #expect(rules.firing(message("ＦＲＥＥ stuff")) == [])
}
