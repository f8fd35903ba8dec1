import ModGateRules
import Testing

/// A broken `rules.yaml` and the problem it must produce.
struct ProblemCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    var fragments: [String]
    var testDescription: String { name }
}

@Test(arguments: [
    ProblemCase(
        name: "bad regex",
        yaml: """
            rules:
              - id: bad.regex
                patterns:
                  - "fine"
                  - "(broken"
                action: reject
            """, line: 5, column: 9, fragments: ["missing )", "(broken"]),
    ProblemCase(
        name: "pattern matching the empty text",
        yaml: """
            rules:
              - id: everything
                patterns: ['x*']
                action: hold
            """, line: 3, column: 16, fragments: ["'x*' matches the empty text", "+ instead of *"]),
    ProblemCase(
        name: "min_matches above the span limit",
        yaml: """
            rules:
              - id: mentions
                patterns: ['@\\w+']
                min_matches: 65
                action: hold
            """, line: 4, column: 18, fragments: ["'min_matches' must be a whole number from 1 to 64"]),
    ProblemCase(
        name: "unknown key",
        yaml: """
            rules:
              - id: typo
                patterns: [x]
                score: 1
                acton: reject
            """, line: 5, column: 5, fragments: ["unknown key 'acton'", "did you mean 'action'?"]),
    ProblemCase(
        name: "unknown condition",
        yaml: """
            rules:
              - id: typo
                patterns: [x]
                score: 1
                when: {reputation_bellow: 0.2}
            """, line: 5, column: 12, fragments: ["unknown key 'reputation_bellow'", "did you mean 'reputation_below'?"]),
    ProblemCase(
        name: "neither action nor score",
        yaml: """
            rules:
              - id: idle
                patterns: [x]
            """, line: 2, column: 5, fragments: ["'idle'", "neither 'action' nor 'score'"]),
    ProblemCase(
        name: "matches nothing",
        yaml: """
            rules:
              - id: empty
                action: hold
            """, line: 2, column: 5, fragments: ["'empty' matches nothing"]),
    ProblemCase(
        name: "missing id",
        yaml: """
            rules:
              - patterns: [x]
                action: hold
            """, line: 2, column: 5, fragments: ["needs an 'id'"]),
    ProblemCase(
        name: "unreadable words_file",
        yaml: """
            rules:
              - id: words
                words_file: lists/missing.txt
                action: hold
            """, line: 3, column: 17, fragments: ["cannot read word list 'lists/missing.txt'", "relative to the rules file"]),
    ProblemCase(
        name: "malformed YAML",
        yaml: """
            rules:
              - id: x
                patterns: [unclosed
                action: hold
            """, line: 4, column: 11, fragments: ["malformed YAML", "did not find expected ',' or ']'"]),
    ProblemCase(
        name: "unknown action",
        yaml: """
            rules:
              - id: x
                patterns: [x]
                action: destroy
            """, line: 4, column: 13, fragments: ["'action' must be one of reject, hold, shadow, redact, none", "'destroy'"]),
    ProblemCase(
        name: "score not a number",
        yaml: """
            rules:
              - id: x
                patterns: [x]
                score: lots
            """, line: 4, column: 12, fragments: ["'score' must be a number", "'lots'"]),
    ProblemCase(
        name: "enabled not a bool",
        yaml: """
            rules:
              - id: x
                patterns: [x]
                action: hold
                enabled: maybe
            """, line: 5, column: 14, fragments: ["'enabled' must be true or false"]),
    ProblemCase(
        name: "bad duration",
        yaml: """
            rules:
              - id: x
                patterns: [x]
                action: hold
                when:
                  account_age_below: soon
            """, line: 6, column: 26, fragments: ["'account_age_below' must be a duration"]),
    ProblemCase(
        name: "patterns as a mapping",
        yaml: """
            rules:
              - id: x
                patterns: {a: b}
                action: hold
            """, line: 3, column: 15, fragments: ["'patterns' must be a list of strings"]),
    ProblemCase(
        name: "rules not a list",
        yaml: "rules: everything\n", line: 1, column: 8, fragments: ["'rules' must be a list"]),
])
func problemIsReportedWithItsPlace(_ test: ProblemCase) throws {
    let directory = try RulesDirectory(["rules.yaml": test.yaml])
    let problems = directory.problems()
    let problem = try #require(problems.first { problem in test.fragments.allSatisfy(problem.message.contains) }, "\(problems)")
    #expect(problem.location == SourceLocation(file: directory.file("rules.yaml"), line: test.line, column: test.column))
    #expect(problem.description.hasPrefix("\(directory.file("rules.yaml")):\(test.line):\(test.column): "))
}

@Test func duplicateIdNamesTheFirstLocation() throws {
    let rule = "rules:\n  - id: dup\n    patterns: [x]\n    action: hold\n"
    let directory = try RulesDirectory(["a.yaml": rule, "b.yaml": rule])
    let problems = directory.problems()
    #expect(problems.count == 1)
    #expect(problems.first?.location == SourceLocation(file: directory.file("b.yaml"), line: 2, column: 5))
    #expect(problems.first?.message == "duplicate rule id 'dup' (first defined at \(directory.file("a.yaml")):2:5)")
}

@Test func everyProblemInTheDirectoryIsReported() throws {
    let directory = try RulesDirectory([
        "a.yaml": "rules:\n  - id: a\n    patterns: ['(']\n    action: hold\n",
        "b.yaml": "rules:\n  - id: b\n    patterns: [x]\n    action: destroy\n    scroe: 1\n",
        "c.yml": "rules: [\n",
        "good.yaml": "rules:\n  - id: good\n    patterns: [x]\n    action: hold\n",
        "notes.txt": "not a rules file",
    ])
    let places = directory.problems().map { "\($0.location.file.split(separator: "/").last!):\($0.location.line)" }
    #expect(places == ["a.yaml:3", "b.yaml:2", "b.yaml:4", "b.yaml:5", "c.yml:2"])
}

@Test func missingDirectoryIsAProblem() {
    #expect(throws: RulesError.self) { try RulesLoader.load(directory: "/nonexistent/modgate-rules") }
}
