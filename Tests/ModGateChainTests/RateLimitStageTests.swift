import ModGateChain
import ModGateCore
import Testing

/// Loose limits everywhere (1000/s) but `tight` in the one scope named, and no escalation unless given.
private func limits(
    tight scope: String? = nil, _ rate: GCRA = GCRA(count: 2, period: 10, burst: 2),
    escalation: RateLimitSettings.Escalation? = nil, mode: Mode = .enforce
) -> RateLimitSettings {
    var settings = RateLimitSettings()
    let loose = GCRA(count: 1000, period: 1, burst: 1000)
    (settings.user, settings.userRoom, settings.room, settings.connection) = (loose, loose, loose, loose)
    switch scope {
    case "user": settings.user = rate
    case "user_room": settings.userRoom = rate
    case "room": settings.room = rate
    case "connection": settings.connection = rate
    default: break
    }
    settings.escalation = escalation
    settings.mode = mode
    return settings
}

/// The `index`-th message that shares only `scope`'s key with the others.
private func sharing(_ scope: String, _ index: Int, at time: Double) -> Message {
    switch scope {
    case "user": message(user: "u", room: "r\(index)", connection: "c\(index)", at: time)
    case "user_room": message(user: "u", room: "r", connection: "c\(index)", at: time)
    case "room": message(user: "u\(index)", room: "r", connection: "c\(index)", at: time)
    default: message(user: "u\(index)", room: "r\(index)", connection: "c", at: time)
    }
}

@Test(arguments: ["user", "user_room", "room", "connection"])
func eachScopeRejectsWithItsRule(scope: String) throws {
    let stage = RateLimitStage(limits(tight: scope))
    #expect(stage.findings(sharing(scope, 0, at: 100)).isEmpty)
    #expect(stage.findings(sharing(scope, 1, at: 100)).isEmpty)
    let denied = stage.findings(sharing(scope, 2, at: 101))
    #expect(denied.count == 1)
    let finding = try #require(denied.first)
    #expect(finding.stage == "ratelimit" && finding.rule == "ratelimit.\(scope)")
    #expect(finding.action == .reject && finding.mode == .enforce)
    #expect(finding.retryAfter == 4)
    #expect(finding.reason == "You are sending messages too fast; try again in 4s.")
    #expect(stage.findings(sharing(scope, 3, at: 105)).isEmpty)
}

@Test func aDeniedMessageDoesNotSpendTheOtherScopes() {
    var settings = limits(tight: "user", GCRA(count: 2, period: 60, burst: 2))
    settings.userRoom = GCRA(count: 1, period: 60, burst: 1)
    let stage = RateLimitStage(settings)
    let rules = [
        stage.findings(message(room: "a")), stage.findings(message(room: "a")),
        stage.findings(message(room: "b")), stage.findings(message(room: "c")),
    ].map { $0.first?.rule }
    // The user_room refusal in room a left the user allowance for room b.
    #expect(rules == [nil, "ratelimit.user_room", nil, "ratelimit.user"])
}

@Test func aMissingConnectionIsNotLimited() {
    let stage = RateLimitStage(limits(tight: "connection", GCRA(count: 1, period: 60, burst: 1)))
    for index in 0..<5 { #expect(stage.findings(message(user: "u\(index)", room: "r\(index)")).isEmpty) }
}

@Test func repeatedOverflowsMuteTheSender() throws {
    var escalation = RateLimitSettings.Escalation()
    (escalation.overflows, escalation.window, escalation.mute) = (3, 60, 300)
    let stage = RateLimitStage(limits(tight: "user", GCRA(count: 1, period: 10, burst: 1), escalation: escalation))
    #expect(stage.findings(message(at: 0)).isEmpty)
    #expect(stage.findings(message(at: 1)).first?.rule == "ratelimit.user")
    #expect(stage.findings(message(at: 2)).first?.rule == "ratelimit.user")
    let muted = try #require(stage.findings(message(at: 3)).first)
    #expect(muted.rule == "ratelimit.muted" && muted.action == .reject && muted.retryAfter == 300)
    #expect(muted.reason == "You are muted for sending too fast; try again in 5m.")
    #expect(stage.findings(message(user: "someone-else", at: 4)).isEmpty)
    // Muted in every room, well after the user's own limit has recovered.
    let stillMuted = try #require(stage.findings(message(room: "elsewhere", at: 100)).first)
    #expect(stillMuted.rule == "ratelimit.muted" && stillMuted.retryAfter == 203)
    #expect(stage.findings(message(at: 302.5)).first?.rule == "ratelimit.muted")
    #expect(stage.findings(message(at: 303)).isEmpty)
}

@Test func overflowsOutsideTheWindowDoNotAddUp() {
    var escalation = RateLimitSettings.Escalation()
    (escalation.overflows, escalation.window, escalation.mute) = (3, 60, 300)
    let stage = RateLimitStage(limits(tight: "user", GCRA(count: 1, period: 100, burst: 1), escalation: escalation))
    var rules: [String?] = []
    for time in [0.0, 1, 2, 70, 80] { rules.append(stage.findings(message(at: time)).first?.rule) }
    #expect(rules == [nil, "ratelimit.user", "ratelimit.user", "ratelimit.user", "ratelimit.user"])
}

@Test func shadowModeLimitsRecordWithoutActing() throws {
    let stage = RateLimitStage(limits(tight: "user", mode: .shadow))
    let pipeline = Pipeline(stages: [stage])
    var verdicts: [Verdict] = []
    for _ in 0..<4 { verdicts.append(pipeline.moderate(message(at: 0))) }
    #expect(verdicts.allSatisfy { $0.action == .allow && $0.retryAfter == nil })
    let finding = try #require(verdicts[2].findings.first)
    #expect(finding.rule == "ratelimit.user" && finding.action == .reject && finding.mode == .shadow)
    #expect(finding.retryAfter == 5)
    #expect(verdicts[3].findings.first?.rule == "ratelimit.user")
}

@Test func aDryRunIsJudgedButNeitherChargedNorCountedTowardsAMute() {
    var escalation = RateLimitSettings.Escalation()
    escalation.overflows = 2
    let stage = RateLimitStage(limits(tight: "user", GCRA(count: 1, period: 60, burst: 1), escalation: escalation))
    func dry(at time: Double) -> [String] {
        var checked = message(at: time)
        checked.context.dryRun = true
        return stage.findings(checked).map(\.rule)
    }
    #expect(dry(at: 0).isEmpty)
    #expect(stage.findings(message(at: 0)).isEmpty)  // the dry run did not spend the allowance
    #expect(dry(at: 1) == ["ratelimit.user"])
    #expect(dry(at: 2) == ["ratelimit.user"])
    // Two denied dry runs would have reached the escalation; uncounted, the real overflow is the first.
    #expect(stage.findings(message(at: 3)).map(\.rule) == ["ratelimit.user"])
}
