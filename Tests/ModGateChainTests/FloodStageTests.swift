import ModGateChain
import ModGateCore
import Testing

/// Flood only: `repeats` copies within `window` seconds.
private func flood(repeats: Int = 3, window: Double = 30, action: Action = .hold, mode: Mode = .enforce) -> FloodStage {
    var settings = FloodSettings()
    (settings.floodRepeats, settings.floodWindow, settings.floodAction, settings.raidUsers) = (repeats, window, action, nil)
    settings.mode = mode
    return FloodStage(settings)
}

/// Raid only: `users` senders within `window` seconds.
private func raid(users: Int = 5, window: Double = 120, action: Action = .hold) -> FloodStage {
    var settings = FloodSettings()
    (settings.raidUsers, settings.raidWindow, settings.raidAction, settings.floodRepeats) = (users, window, action, nil)
    return FloodStage(settings)
}

@Test(arguments: [
    ["get free money here", "get free money here", "get free money here"],
    ["Get free money here", "get   FREE money   here!!", "GET FREE MONEY HERE"],
    ["get free money here", "get fr33 m0ney here", "get free moneyyyy here"],
])
func theSameTextRepeatedIsAFlood(texts: [String]) throws {
    let stage = flood()
    #expect(stage.findings(message(texts[0], at: 0)).isEmpty)
    #expect(stage.findings(message(texts[1], at: 10)).isEmpty)
    let finding = try #require(stage.findings(message(texts[2], at: 20)).first)
    #expect(finding.stage == "flood" && finding.rule == "flood.repeat" && finding.action == .hold)
    #expect(finding.mode == .enforce && finding.reason == "You have sent this message several times already.")
    #expect(finding.detail == "3 copies from this sender within 30s")
}

@Test(arguments: [Action.hold, .reject, .shadow])
func aFloodGetsTheConfiguredAction(action: Action) {
    let stage = flood(repeats: 2, action: action)
    _ = stage.findings(message("again and again", at: 0))
    #expect(stage.findings(message("again and again", at: 1)).map(\.action) == [action])
}

@Test func copiesOutsideTheWindowAreNoFlood() {
    let stage = flood(repeats: 3, window: 30)
    var found: [[String]] = []
    for time in [0.0, 20, 40, 60] { found.append(stage.findings(message("hello again", at: time)).map(\.rule)) }
    #expect(found == [[], [], [], []])
    #expect(stage.findings(message("hello again", at: 61)).map(\.rule) == ["flood.repeat"])
}

@Test func otherTextsAndOtherSendersAreNoFlood() {
    let stage = flood(repeats: 2)
    _ = stage.findings(message("good morning", at: 0))
    #expect(stage.findings(message("good evening", at: 1)).isEmpty)
    #expect(stage.findings(message("good morning", user: "u2", at: 2)).isEmpty)
    #expect(stage.findings(message("!!! ...", at: 3)).isEmpty)
    #expect(stage.findings(message("!!! ...", at: 4)).isEmpty)
}

@Test func shadowModeFloodsAreRecordedOnly() {
    let stage = flood(repeats: 2, mode: .shadow)
    _ = stage.findings(message("again and again", at: 0))
    #expect(stage.findings(message("again and again", at: 1)).map(\.mode) == [.shadow])
}

@Test(arguments: [Action.hold, .reject])
func manySendersPostingOneLongTextIsARaid(action: Action) throws {
    let stage = raid(users: 5, action: action)
    let text = "join the real server at discord dot gg slash raid"
    for user in 0..<4 { #expect(stage.findings(message(text, user: "u\(user)", at: Double(user))).isEmpty) }
    let finding = try #require(stage.findings(message(text.uppercased(), user: "u4", at: 4)).first)
    #expect(finding.rule == "flood.raid" && finding.action == action)
    #expect(finding.detail == "5 senders posted this text within 2m")
    #expect(stage.findings(message(text, user: "u5", at: 5)).map(\.rule) == ["flood.raid"])
}

@Test func oneSenderRepeatingIsNoRaid() {
    let stage = raid(users: 3)
    for time in 0..<10 {
        #expect(stage.findings(message("join the real server right now", at: Double(time))).isEmpty)
    }
}

@Test func sendersOutsideTheWindowAreNoRaid() {
    let stage = raid(users: 3, window: 120)
    var found: [[String]] = []
    for (user, time) in [0.0, 100, 200, 300, 400].enumerated() {
        found.append(stage.findings(message("join the real server right now", user: "u\(user)", at: time)).map(\.rule))
    }
    #expect(found == [[], [], [], [], []])
}

@Test(arguments: ["lol", "LOL!!!", "same", "gg wp", "+1"])
func shortTextsAreNeverARaid(text: String) {
    let stage = raid(users: 3)
    for user in 0..<50 { #expect(stage.findings(message(text, user: "u\(user)", at: Double(user))).isEmpty) }
}

/// `message` as a dry run: judged, not recorded.
private func dry(_ text: String, user: String, at time: Double) -> Message {
    var dryRun = message(text, user: user, at: time)
    dryRun.context.dryRun = true
    return dryRun
}

@Test func aDryRunSeesAFloodOrRaidComingButRecordsNothing() {
    let floodStage = flood(repeats: 3)
    #expect(floodStage.findings(message("same old text", at: 0)).isEmpty)
    // Two dry runs of the second copy: the first was not counted, or the second would be the third copy.
    #expect(floodStage.findings(dry("same old text", user: "u1", at: 1)).isEmpty)
    #expect(floodStage.findings(dry("same old text", user: "u1", at: 2)).isEmpty)
    #expect(floodStage.findings(message("same old text", at: 3)).isEmpty)
    #expect(floodStage.findings(dry("same old text", user: "u1", at: 4)).map(\.rule) == ["flood.repeat"])
    let raidStage = raid(users: 3)
    #expect(raidStage.findings(message("join the giveaway now", user: "a", at: 0)).isEmpty)
    #expect(raidStage.findings(dry("join the giveaway now", user: "b", at: 1)).isEmpty)
    // b was not recorded: c is the second sender, and a dry run by d would be the third.
    #expect(raidStage.findings(message("join the giveaway now", user: "c", at: 2)).isEmpty)
    #expect(raidStage.findings(dry("join the giveaway now", user: "d", at: 3)).map(\.rule) == ["flood.raid"])
}
