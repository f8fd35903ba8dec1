import Foundation
import ModGateChain
import ModGateCore
import ModGateRules
import ModGateTestSupport
import ModGateToxicity
import Testing

/// A config that sets every key the reader knows.
private let fullConfig = """
    rules:
      directory: policy/rules
    verdict:
      hold_score: 4
      reject_score: 8.5
    rate_limits:
      enabled: true
      mode: enforce
      user: {rate: 20/10s, burst: 30}
      user_room: {rate: 5/m}
      room: off
      connection: {rate: 200/s, burst: 400}
      escalation: {overflows: 4, within: 2m, mute: 15m}
      max_tracked: 50000
    flood:
      enabled: true
      mode: shadow
      repeats: 4
      within: 90s
      action: reject
    raid:
      enabled: true
      users: 8
      within: 5m
      min_length: 20
      action: shadow
    spam:
      enabled: true
      mode: shadow
      model: models/spam.json
      min_probability: 0.6
      max_score: 6
    toxicity:
      enabled: true
      mode: shadow
      model: models/toxicity.tsv
      min_probability: 0.7
      scores: { threat: 5, identity_attack: 5.5 }
    reputation:
      enabled: true
      mode: enforce
      prior: 0.4
      clean_rise: 0.02
      approval_rise: 0.1
      hold_fall: 0.2
      reject_fall: 0.3
      violation_fall: 0.5
      half_life: 7d
      untrusted_below: 0.25
      trusted_above: 0.9
      trusted_spam_discount: 3
    """

@Test func aFullConfigParsesIntoItsValues() throws {
    let config = try ChainConfigLoader.parse(fullConfig, file: "modgate.yaml")
    #expect(config.rulesDirectory == "policy/rules")
    #expect(config.policy == VerdictPolicy(holdThreshold: 4, rejectThreshold: 8.5))

    let limits = try #require(config.rateLimits)
    #expect(limits.user == GCRA(count: 20, period: 10, burst: 30))
    #expect(limits.userRoom == GCRA(count: 5, period: 60, burst: 5))
    #expect(limits.room == nil)
    #expect(limits.connection == GCRA(count: 200, period: 1, burst: 400))
    let escalation = try #require(limits.escalation)
    #expect((escalation.overflows, escalation.window, escalation.mute) == (4, 120, 900))
    #expect(limits.maxTracked == 50000 && limits.mode == .enforce)

    let flood = try #require(config.flood)
    #expect((flood.floodRepeats, flood.floodWindow, flood.floodAction) == (4, 90, .reject))
    #expect((flood.raidUsers, flood.raidWindow, flood.raidMinimumLength, flood.raidAction) == (8, 300, 20, .shadow))
    #expect(flood.mode == .shadow)

    let spam = try #require(config.spam)
    #expect((spam.model, spam.minimumProbability, spam.maxScore, spam.mode) == ("models/spam.json", 0.6, 6, .shadow))

    let toxicity = try #require(config.toxicity)
    #expect((toxicity.model, toxicity.minimumProbability, toxicity.mode) == ("models/toxicity.tsv", 0.7, .shadow))
    #expect(toxicity.scores == [.insult: 2.9, .threat: 5, .sexual: 2.9, .identityAttack: 5.5, .profanity: 2])

    let reputation = try #require(config.reputation)
    let model = reputation.model
    #expect((model.prior, model.cleanRise, model.approvalRise) == (0.4, 0.02, 0.1))
    #expect((model.holdFall, model.rejectFall, model.violationFall) == (0.2, 0.3, 0.5))
    #expect((model.halfLife, model.untrustedBelow, model.trustedAbove) == (7 * 86400, 0.25, 0.9))
    #expect(model.trustedSpamDiscount == 3 && reputation.mode == .enforce)
}

@Test func anEmptyConfigKeepsTheDefaults() throws {
    let config = try ChainConfigLoader.parse("", file: "empty.yaml")
    let defaults = ChainConfig()
    #expect(config.rulesDirectory == defaults.rulesDirectory && config.policy == defaults.policy)
    #expect(config.rateLimits == defaults.rateLimits && config.flood == defaults.flood)
    #expect(config.spam == defaults.spam && config.reputation == defaults.reputation)
    #expect(config.toxicity == defaults.toxicity)
}

@Test func sectionsOnlyChangeWhatTheySet() throws {
    let config = try ChainConfigLoader.parse("rate_limits:\n  user: {rate: 2/10s}\n", file: "c.yaml")
    var expected = RateLimitSettings()
    expected.user = GCRA(count: 2, period: 10, burst: 2)
    #expect(config.rateLimits == expected)
}

@Test func enabledFalseTurnsAStageOff() throws {
    let path = packageRoot.appendingPathComponent("fixtures/config/rules-only.yaml").path
    let config = try ChainConfigLoader.load(path: path)
    #expect(config.rateLimits == nil && config.spam == nil && config.toxicity == nil && config.reputation == nil)
    #expect(config.flood?.floodRepeats == nil && config.flood?.raidUsers == nil)
}

@Test func scanFailureDefaultsToHoldAndIsConfigurable() throws {
    #expect(ChainConfig().scanFailure == .hold)
    #expect(try ChainConfigLoader.parse("rules:\n  scan_failure: reject\n", file: "c.yaml").scanFailure == .reject)
}

@Test(arguments: ["10/10s", "10/s", "5/m", "1/1.5h", "200/s"])
func ratesParse(rate: String) throws {
    let config = try ChainConfigLoader.parse("rate_limits:\n  user: {rate: \(rate)}\n", file: "c.yaml")
    #expect(config.rateLimits?.user != nil)
}

/// A broken config and the problem it must produce.
struct ConfigProblem: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    var fragments: [String]
    var testDescription: String { name }
}

@Test(arguments: [
    ConfigProblem(
        name: "unknown section", yaml: "verdict:\n  hold_score: 4\nrate_limit:\n  enabled: false\n", line: 3, column: 1,
        fragments: ["unknown key 'rate_limit' in the config file", "did you mean 'rate_limits'?"]),
    ConfigProblem(
        name: "unknown key", yaml: "flood:\n  repeat: 3\n", line: 2, column: 3,
        fragments: ["unknown key 'repeat' in 'flood'", "did you mean 'repeats'?", "known keys: enabled, mode"]),
    ConfigProblem(
        name: "bad rate", yaml: "rate_limits:\n  user: {rate: 10 per s, burst: 10}\n", line: 2, column: 16,
        fragments: ["'rate' must be a count per duration such as 10/10s", "not '10 per s'"]),
    ConfigProblem(
        name: "zero period", yaml: "rate_limits:\n  room:\n    rate: 10/0s\n", line: 3, column: 11,
        fragments: ["'rate' must be a count per duration", "'10/0s'"]),
    ConfigProblem(
        name: "rate missing", yaml: "rate_limits:\n  user: {burst: 10}\n", line: 2, column: 9,
        fragments: ["'user' needs a 'rate' such as 10/10s", "user: off"]),
    ConfigProblem(
        name: "bad duration", yaml: "raid:\n  within: 2 minutes\n", line: 2, column: 11,
        fragments: ["'within' must be a duration: a number and a unit", "not '2 minutes'"]),
    ConfigProblem(
        name: "number out of range", yaml: "reputation:\n  prior: 1.5\n", line: 2, column: 10,
        fragments: ["'prior' must be a number from 0.0 to 1.0, not '1.5'"]),
    ConfigProblem(
        name: "repeats too small", yaml: "flood:\n  repeats: 1\n", line: 2, column: 12,
        fragments: ["'repeats' must be a whole number from 2 to 1000"]),
    ConfigProblem(
        name: "a fraction where a count goes", yaml: "raid:\n  users: 2.5\n", line: 2, column: 10,
        fragments: ["'users' must be a whole number from 2 to 100000, not '2.5'"]),
    ConfigProblem(
        name: "hold above reject", yaml: "verdict:\n  hold_score: 12\n  reject_score: 8\n", line: 2, column: 3,
        fragments: ["'hold_score' must not be above 'reject_score'"]),
    ConfigProblem(
        name: "hold above the default reject", yaml: "verdict: {hold_score: 11}\n", line: 1, column: 10,
        fragments: ["'hold_score' must not be above 'reject_score'"]),
    ConfigProblem(
        name: "bad mode", yaml: "spam:\n  mode: quiet\n", line: 2, column: 9,
        fragments: ["'mode' must be one of enforce, shadow, not 'quiet'"]),
    ConfigProblem(
        name: "bad switch", yaml: "spam:\n  enabled: maybe\n", line: 2, column: 12,
        fragments: ["'enabled' must be true or false, not 'maybe'"]),
    ConfigProblem(
        name: "action not allowed here", yaml: "flood:\n  action: redact\n", line: 2, column: 11,
        fragments: ["'action' must be hold, reject or shadow here"]),
    ConfigProblem(
        name: "unknown toxicity category", yaml: "toxicity:\n  scores: { rudeness: 4 }\n", line: 2, column: 13,
        fragments: ["rudeness"]),
    ConfigProblem(
        name: "toxicity score out of range", yaml: "toxicity:\n  scores: { threat: 5000 }\n", line: 2, column: 21,
        fragments: ["'threat' must be a number from -1000.0 to 1000.0"]),
    ConfigProblem(
        name: "section not a mapping", yaml: "spam: yes\n", line: 1, column: 7,
        fragments: ["'spam' must be a mapping of keys to values"]),
    ConfigProblem(
        name: "malformed YAML", yaml: "verdict:\n  hold_score: [4\nspam: {}\n", line: 3, column: 5,
        fragments: ["malformed YAML"]),
    // Numbers too large to convert used to pass here and trap at message time.
    ConfigProblem(
        name: "huge escalation mute", yaml: "rate_limits:\n  escalation:\n    mute: 1e300s\n", line: 3, column: 11,
        fragments: ["'mute' must be a duration: a number and a unit", "at most 365d", "not '1e300s'"]),
    ConfigProblem(
        name: "mute above the maximum", yaml: "rate_limits:\n  escalation:\n    mute: 9999999999999999d\n", line: 3,
        column: 11, fragments: ["'mute' must be at most 365d, not '9999999999999999d'"]),
    ConfigProblem(
        name: "huge rate period", yaml: "rate_limits:\n  user: {rate: 1/1e300s}\n", line: 2, column: 16,
        fragments: ["'rate' must be a count per duration", "a duration up to 365d", "not '1/1e300s'"]),
    ConfigProblem(
        name: "huge rate count", yaml: "rate_limits:\n  user: {rate: 99999999999999/s}\n", line: 2, column: 16,
        fragments: ["a count up to 1000000", "not '99999999999999/s'"]),
    ConfigProblem(
        name: "huge flood window", yaml: "flood:\n  within: 1e300s\n", line: 2, column: 11,
        fragments: ["'within' must be a duration", "not '1e300s'"]),
    ConfigProblem(
        name: "scan failure cannot redact", yaml: "rules:\n  scan_failure: redact\n", line: 2, column: 17,
        fragments: ["'scan_failure' must be allow, shadow, hold or reject"]),
    ConfigProblem(
        name: "flood window above the maximum", yaml: "flood:\n  within: 400d\n", line: 2, column: 11,
        fragments: ["'within' must be at most 365d, not '400d'"]),
])
func aBadConfigIsRefusedWithItsPlace(problem: ConfigProblem) throws {
    let folder = try Scratch(["modgate.yaml": problem.yaml])
    let path = folder.path("modgate.yaml")
    let error = #expect(throws: RulesError.self) { try ChainConfigLoader.load(path: path) }
    let first = try #require(error?.problems.first)
    #expect(first.location == SourceLocation(file: path, line: problem.line, column: problem.column))
    for fragment in problem.fragments { #expect(first.message.contains(fragment), "\(first.message)") }
    #expect(error?.description.hasPrefix("\(path):\(problem.line):\(problem.column): ") == true)
}

@Test func everyProblemIsReportedAndNothingIsHalfApplied() throws {
    let yaml = "verdict:\n  hold_score: 3\nrate_limits:\n  user: {rate: fast}\nflood:\n  within: soon\n"
    let error = #expect(throws: RulesError.self) { try ChainConfigLoader.parse(yaml, file: "c.yaml") }
    // The bad rate also leaves 'user' without a rate, which is reported too.
    #expect(error?.problems.map(\.location.line) == [4, 4, 6])
}

@Test func aMissingFileSaysSo() {
    let error = #expect(throws: RulesError.self) { try ChainConfigLoader.load(path: "/nonexistent/modgate.yaml") }
    #expect(error?.description == "/nonexistent/modgate.yaml:1:1: cannot read the config file; check the path")
}

/// The complete example in docs/configuration.md spells out the defaults, so it must parse to them.
@Test func theExampleInTheDocsIsTheDefaults() throws {
    let docs = try String(contentsOf: packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
    let blocks = docs.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    let config = try ChainConfigLoader.parse(try #require(blocks.last), file: "docs/configuration.md")
    let defaults = ChainConfig()
    #expect(config.rulesDirectory == defaults.rulesDirectory && config.policy == defaults.policy)
    #expect(config.rateLimits == defaults.rateLimits && config.flood == defaults.flood)
    #expect(config.spam == defaults.spam && config.reputation == defaults.reputation)
    #expect(config.toxicity == defaults.toxicity)
}
