import ModGateRules
import Testing

@Test func failuresNameRuleAndLocationAndPassesAreCounted() throws {
    let directory = try RulesDirectory([
        "scams.yaml": """
            rules:
              - id: scam
                words: [free money]
                action: hold
                examples:
                  match:
                    - fr33 m0ney
                    - totally innocent
                  no_match:
                    - hello there
                    - free money now
            """
    ])
    let (passed, failures) = RuleExamples.run(try directory.load())
    #expect(passed == 2)
    let file = directory.file("scams.yaml")
    #expect(failures.map(\.description) == [
        #"FAIL scam: match example "totally innocent" (\#(file):8:11) did not match; normalised (full) it reads "totally innocent""#,
        #"FAIL scam: no_match example "free money now" (\#(file):11:11) matched "free money"; normalised (full) it reads "free money now""#,
    ])
    #expect(failures.map(\.expectedMatch) == [true, false])
}

@Test func examplesCarryTheirContext() throws {
    let rules = try ruleSet("""
        rules:
          - id: newbie
            words: [link]
            action: hold
            when: {reputation_below: 0.3, rooms: [lobby]}
            examples:
              match:
                - {text: a link, reputation: 0.1, room: lobby}
              no_match:
                - {text: a link, reputation: 0.9, room: lobby}
          - id: name
            field: user
            words: [admin]
            score: 1
            examples:
              match: [Admin]
        """)
    let (passed, failures) = RuleExamples.run(rules)
    #expect(failures.map(\.description) == [])
    #expect(passed == 3)
}

@Test func conditionFailureIsExplained() throws {
    let rules = try ruleSet("""
        rules:
          - id: newbie
            words: [link]
            action: hold
            when: {reputation_below: 0.3}
            examples:
              match: [a link]
        """)
    #expect(RuleExamples.run(rules).failures.first?.outcome == "did not match: the rule's 'when' conditions do not hold for this example")
}

@Test func disabledRulesAreNotScannedButTheirExamplesRun() throws {
    let rules = try ruleSet("""
        rules:
          - id: draft
            words: [spam]
            action: reject
            enabled: false
            examples:
              match: [spam, eggs]
          - id: live
            words: [eggs]
            score: 1
        """)
    #expect(rules.firing(message("spam and eggs")) == ["live"])
    #expect(!rules.enabledPatterns.contains { $0.contains("spam") })
    let (passed, failures) = RuleExamples.run(rules)
    #expect(passed == 1)
    #expect(failures.map(\.rule) == ["draft"])
}
