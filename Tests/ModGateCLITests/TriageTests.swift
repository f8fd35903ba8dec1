import Foundation
import ModGateTestSupport
import Testing

@testable import modgate

@Test func keysDecideAndCount() {
    var session = TriageSession()
    session.user = "u17"
    #expect(session.prompt(keys: true) == "[a]pprove [r]eject [s]kip [m]ute [q]uit [?]help: ")
    #expect(session.press("a") == .approve)
    session.record(.approved)
    #expect(session.press("S") == .skip)
    session.record(.skipped)
    #expect(session.press("?") == .help)
    #expect(session.press("x") == .invalid("unknown key: press a, r, s, m, q, or ? for help"))
    #expect(session.phase == .choosing)
    #expect(session.press("q") == .quit)
    #expect(session.phase == .finished)
    #expect(session.summary == "approved 1, rejected 0, skipped 1")
}

@Test func rejectAsksForAReasonOnALine() {
    var session = TriageSession()
    #expect(session.press("r") == .ask("reason for the sender (Enter for none): "))
    #expect(session.phase == .askingReason)
    #expect(session.prompt(keys: true) == "reason for the sender (Enter for none): ")
    #expect(session.enter("  spam link  ") == .reject(reason: "spam link"))
    #expect(session.phase == .choosing)
    #expect(session.press("r") == .ask(TriageSession.reasonPrompt))
    #expect(session.enter("") == .reject(reason: nil))
}

@Test func muteAsksForADurationWithADefault() {
    var session = TriageSession()
    session.user = "u17"
    #expect(session.press("m") == .ask("mute u17 for (Enter for 10m): "))
    #expect(session.enter("soon") == .invalid("durations look like 10m, 2h or 7d"))
    #expect(session.phase == .askingDuration)
    #expect(session.enter("2H") == .mute(duration: "2h"))
    #expect(session.phase == .choosing)
    _ = session.press("m")
    #expect(session.enter("") == .mute(duration: "10m"))
    session.record(.muted)
    session.record(.rejected)
    #expect(session.summary == "approved 0, rejected 1, skipped 0, muted 1")
}

@Test func linesDriveTheSameMachine() {
    var session = TriageSession()
    #expect(session.prompt(keys: false) == "approve/reject/skip/mute/quit [a/r/s/m/q]: ")
    #expect(session.enter("a") == .approve)
    #expect(session.enter("approve") == .approve)
    #expect(session.enter(" Skip ") == .skip)
    #expect(session.enter("") == .invalid("type a, r, s, m or q"))
    #expect(session.enter("apple") == .invalid("'apple' is not a choice: type a, r, s, m or q"))
    #expect(session.enter("reject") == .ask(TriageSession.reasonPrompt))
    #expect(session.enter("no links") == .reject(reason: "no links"))
    #expect(session.enter("quit") == .quit)
    #expect(session.phase == .finished)
}

@Test func endOfInputQuitsEvenMidQuestion() {
    var session = TriageSession()
    _ = session.enter("r")
    #expect(session.enter(nil) == .quit)
    #expect(session.phase == .finished)
    session.record(.failed)
    #expect(session.summary == "approved 0, rejected 0, skipped 0, failed 1")
}

@Test func triageWithoutAGatewayStillPrintsItsSummary() throws {
    let port = try freePort()
    let result = try modgate(
        ["queue", "triage", "--server", "http://127.0.0.1:\(port)", "--token", "t"], environment: cleanEnvironment, input: "a\nq\n")
    #expect(result.status == 2)
    #expect(result.stdout == "approved 0, rejected 0, skipped 0\n")
    #expect(result.stderr.hasPrefix("error: cannot reach the gateway"))
}
