import Foundation
import ModGateAPI
import ModGateTestSupport
import Testing

@testable import modgate

#if canImport(Glibc)
    import Glibc
#endif

// MARK: Helpers

/// The environment without the admin variables, so the machine running the tests cannot leak into them.
let cleanEnvironment: [String: String] = ProcessInfo.processInfo.environment.filter {
    !["MODGATE_URL", "MODGATE_TOKEN", "MODGATE_TOKEN_FILE", "MODGATE_TOKEN_SECRET", "MODGATE_TOKEN_SECRET_FILE"].contains($0.key)
}

/// An unsigned JWT-shaped token with these claims (the CLI reads the role only to word a 403).
func fakeToken(role: String) -> String {
    func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
    return encode(#"{"alg":"HS256","typ":"JWT"}"#) + "." + encode(#"{"sub":"u1","role":"\#(role)","exp":9999999999}"#) + ".c2ln"
}

let now = 1_795_744_655.0

func item(_ id: Int64, text: String, rules: [String] = ["scams.crypto_giveaway"], age: Double = 240, room: String = "lobby",
          user: String = "u17") -> QueueItem {
    QueueItem(id: id, room: room, user: user, text: text, rules: rules, score: 6, reason: "Looks like a scam.", createdAt: now - age, status: .pending)
}

func auditRow(_ id: Int64, time: Double, actor: String, action: String, subject: String, reason: String = "", rules: [String] = []) -> AuditRow {
    AuditRow(id: id, time: time, actor: actor, action: action, subject: subject, reason: reason, rules: rules, details: .init(), prevHash: "", hash: "")
}

// MARK: Tables

@Test func queueTableFitsEightyColumnsAndTruncates() {
    let renderer = AdminRenderer(now: now, color: false)
    let items = [
        item(42, text: "send 1 BTC get 2 back, this offer is only valid today so hurry up and send it now"),
        item(1_234_567, text: "短い日本語のメッセージですがとても長くなるかもしれません", rules: ["a.very.long.rule.identifier", "b", "c"],
             age: 7300, room: "a-room-with-a-long-name", user: "someone-with-a-long-name"),
        item(7, text: "line one\nline two\u{1B}[2J\ttab", rules: [], age: 90_000),
    ]
    let lines = renderer.queueTable(items)
    #expect(lines.count == 4)
    #expect(lines[0] == "     ID AGE  ROOM      USER      RULE            SCORE TEXT")
    #expect(lines[1] == "     42 4m   lobby     u17       scams.crypto_g…     6 send 1 BTC get 2 back, t…")
    for line in lines { #expect(TextLayout.width(line) <= 80, "\(line)") }
    #expect(lines[2].hasPrefix("1234567 2h   a-room-w… someone-… a.very.long.…+2"))
    #expect(lines[2].hasSuffix("…"))
    #expect(lines[3].contains("line one line two\u{FFFD}[2J tab"))
    #expect(!lines.joined().contains("\u{1B}"))
}

@Test func decidedItemsShowWhoDecided() {
    var approved = item(5, text: "hello")
    approved.status = .approved
    approved.decidedBy = "alice"
    let lines = AdminRenderer(now: now, color: false).queueTable([approved])
    #expect(lines[0].contains("DECIDED"))
    #expect(lines[1].contains("+alice"))
}

@Test func truncationCountsWideCharactersAndEndsWithEllipsis() {
    #expect(TextLayout.truncate("hello world", to: 5) == "hell…")
    #expect(TextLayout.truncate("hello", to: 5) == "hello")
    #expect(TextLayout.truncate("日本語です", to: 5) == "日本…")
    #expect(TextLayout.width("日本語") == 6)
    #expect(TextLayout.fit("ab", 4) == "ab  ")
    #expect(TextLayout.fit("ab", 4, right: true) == "  ab")
}

@Test func auditTableFitsEightyColumns() {
    let rows = [
        auditRow(1, time: now - 30, actor: "modgate", action: "verdict.hold", subject: "message:42",
                 reason: "This looks like a crypto giveaway scam and it goes on and on", rules: ["scams.crypto_giveaway"]),
        auditRow(123_456, time: now - 4000, actor: "a-moderator-with-a-long-name", action: "review.approve.bulk.extra",
                 subject: "message:1234567890"),
    ]
    let lines = AdminRenderer(now: now, color: false).auditTable(rows)
    #expect(lines[0] == "     ID AGE  ACTOR      ACTION           SUBJECT        REASON")
    #expect(lines[1] == "      1 30s  modgate    verdict.hold     message:42     This looks like a crypt…")
    #expect(lines[2] == " 123456 1h   a-moderat… review.approve.… message:12345…")
    for line in lines { #expect(TextLayout.width(line) <= 80) }
    #expect(AdminRenderer(now: now, color: false).auditTable(rows, header: false).count == 2)
}

@Test func relativeTimes() {
    #expect(When.relative(now - 0.5, now: now) == "just now")
    #expect(When.relative(now - 45, now: now) == "45s ago")
    #expect(When.relative(now - 240, now: now) == "4m ago")
    #expect(When.relative(now - 7200, now: now) == "2h ago")
    #expect(When.relative(now - 3 * 86400, now: now) == "3d ago")
    #expect(When.relative(now + 300, now: now) == "in 5m")
    #expect(When.relative(now + 1e300, now: now) == "in \(Int.max / 86400)d")
    #expect(When.isDuration("10m") && When.isDuration("7d") && When.isDuration("2w") && When.isDuration("1.5h"))
    #expect(!When.isDuration("10") && !When.isDuration("m") && !When.isDuration("-5m") && !When.isDuration("0m"))
    #expect(!When.isDuration("9999999999999999d") && !When.isDuration("1e19s"))
}

@Test func jsonArrayElementsKeepTheirText() {
    let data = Data(#"[ {"id": 1, "time": 1795744355.9, "reason": "a, \"b\" [c]"},{"id":2,"rules":["x","y"]} ]"#.utf8)
    #expect(JSONText.elements(of: data) == [#"{"id":1,"time":1795744355.9,"reason":"a, \"b\" [c]"}"#, #"{"id":2,"rules":["x","y"]}"#])
    #expect(JSONText.elements(of: Data("[]".utf8)) == [])
    #expect(JSONText.elements(of: Data("{}".utf8)) == nil)
}

// MARK: The item view

@Test func matchedSpansAreHighlighted() {
    let plain = AdminRenderer(now: now, color: false)
    let text = "hey send 1 BTC get 2 back"
    #expect(plain.highlighted(text, spans: [MatchSpan(start: 4, end: 14, text: "send 1 BTC"), MatchSpan(start: 9, end: 25, text: "BTC get 2 back")]) == "hey «send 1 BTC get 2 back»")
    let coloured = AdminRenderer(now: now, color: true)
    #expect(coloured.highlighted("free money", spans: [MatchSpan(start: 0, end: 4, text: "free")]) == "\u{1B}[7mfree\u{1B}[27m money")
    // Byte offsets into UTF-8: "ｆｒｅｅ" is 12 bytes.
    #expect(plain.highlighted("ｆｒｅｅ money", spans: [MatchSpan(start: 0, end: 12, text: "ｆｒｅｅ")]) == "«ｆｒｅｅ» money")
    // An escape sequence in the message is shown, not obeyed.
    #expect(plain.highlighted("a\u{1B}[31mb", spans: []) == "a\u{FFFD}[31mb")
}

@Test func detailShowsRulesStandingHistoryAndContext() {
    let detail = QueueDetail(
        item: item(42, text: "send 1 BTC get 2 back"),
        findings: [
            .init(stage: "rules", rule: "scams.crypto_giveaway", action: .hold, score: 6, mode: .enforce, reason: "Looks like a scam.",
                  spans: [MatchSpan(start: 0, end: 21, text: "send 1 BTC get 2 back")])
        ],
        history: [
            HistoryEntry(id: 42, room: "lobby", text: "send 1 BTC get 2 back", verdict: .hold, status: "pending", score: 6, ts: now - 240),
            HistoryEntry(id: 40, room: "lobby", text: "anyone into crypto?", verdict: .allow, status: "delivered", score: 0, ts: now - 600),
            HistoryEntry(id: 12, room: "random", text: "hi", verdict: .allow, status: "delivered", score: 0, ts: now - 9000),
        ],
        context: [.init(op: .msg, room: "lobby", seq: 7, id: 39, user: "alice", text: "good night all", ts: now - 700)],
        standing: Standing(trust: 0.42, firstSeen: now - 3 * 86400, mutedUntil: nil, banned: false))
    let lines = AdminRenderer(now: now, color: false).detail(detail, position: "1/3")
    #expect(lines == [
        "[1/3] #42 in lobby from u17, held 4m ago (pending)",
        "  «send 1 BTC get 2 back»",
        "score 6: Looks like a scam.",
        "rules:",
        "  scams.crypto_giveaway        hold   +6    \"send 1 BTC get 2 back\"",
        "user u17: trust 0.42, first seen 3d ago",
        "u17's recent messages in lobby:",
        "  10m  allow/delivered  anyone into crypto?",
        "  (1 more in other rooms)",
        "before it in lobby:",
        "  11m  alice: good night all",
    ])
}

// MARK: Errors a moderator can act on

@Test func unreachableGatewaySaysWhatToDo() throws {
    let port = try freePort()
    let result = try modgate(["queue", "list", "--server", "http://127.0.0.1:\(port)", "--token", "t"], environment: cleanEnvironment)
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(result.stderr == "error: cannot reach the gateway at http://127.0.0.1:\(port) (connection refused): is `modgate serve` running? set --server or MODGATE_URL\n")
}

@Test func serverAndTokenComeFromTheEnvironment() throws {
    let port = try freePort()
    var environment = cleanEnvironment
    environment["MODGATE_URL"] = "127.0.0.1:\(port)"
    environment["MODGATE_TOKEN"] = "t"
    let result = try modgate(["audit", "list"], environment: environment)
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("error: cannot reach the gateway at http://127.0.0.1:\(port) (connection refused)"))
}

@Test func missingTokenSaysHowToGetOne() throws {
    for arguments in [["queue", "list"], ["user", "ban", "u17"], ["rules", "reload"], ["audit", "tail"]] {
        let result = try modgate(arguments + ["--server", "http://127.0.0.1:1"], environment: cleanEnvironment)
        #expect(result.status == 2)
        #expect(result.stderr == "error: no token: pass --token-file FILE or set MODGATE_TOKEN (modgate token issue --user you --role moderator > FILE)\n")
    }
}

@Test func badUsageExitsTwo() throws {
    for arguments in [
        ["queue", "approve"], ["queue", "approve", "42", "--all"], ["queue", "reject", "abc"], ["queue", "list", "--limit", "5000"],
        ["user", "mute", "u17", "--for", "soon"], ["queue", "list", "--server", "ftp://x"],
    ] {
        let result = try modgate(arguments + ["--token", "t"], environment: cleanEnvironment)
        #expect(result.status == 2, "\(arguments)")
    }
}

@Test func httpErrorsBecomeSentences() {
    func error(_ status: Int, _ body: String, token: String = "t", notFound: String? = nil) -> AdminError {
        AdminClient.error(status: status, body: Data(body.utf8), path: "/v1/admin/queue/42", server: "http://h:1", token: token, notFound: notFound)
    }
    let forbidden = #"{"op":"error","code":"token_forbidden_role","message":"this needs the moderator role"}"#
    #expect(error(403, forbidden, token: fakeToken(role: "member")).message == "your token's role is member; moderators need --role moderator")
    #expect(error(403, forbidden).message == "this needs the moderator role")
    let expired = #"{"op":"error","code":"token_expired","message":"the token has expired: get a new one"}"#
    #expect(error(401, expired).message == "the gateway refused the token: the token has expired: get a new one (get one with: modgate token issue --user you --role moderator)")
    let decided = #"{"op":"error","code":"already_decided","message":"approved by alice at 2026-11-27 02:14:09 UTC"}"#
    #expect(error(409, decided) == AdminError(kind: .conflict, message: "approved by alice at 2026-11-27 02:14:09 UTC", code: "already_decided"))
    let missing = #"{"op":"error","code":"not_found","message":"not found"}"#
    #expect(error(404, missing, notFound: "no held message with id 42").message == "no held message with id 42")
    #expect(error(404, "").message == "the gateway at http://h:1 has no /v1/admin/queue/42 route: is it an older modgate?")
    #expect(error(500, "boom").message == "the gateway failed (HTTP 500): boom")
    let invalid = #"{"op":"error","code":"rules_invalid","message":"bad","problems":["rules/a.yaml:3:9: x"]}"#
    #expect(error(422, invalid).problems == ["rules/a.yaml:3:9: x"])
    // A code this modgate does not know (a newer gateway's) still shows its message.
    let newer = #"{"op":"error","code":"queue_frozen","message":"the queue is frozen for maintenance","extra":1}"#
    #expect(error(409, newer) == AdminError(kind: .conflict, message: "the queue is frozen for maintenance", code: "queue_frozen"))
}

@Test func serverOptionsFallBackToTheEnvironment() {
    #expect(ServerOptions.server(nil, environment: [:]) == "http://127.0.0.1:8080")
    #expect(ServerOptions.server(nil, environment: ["MODGATE_URL": "https://mod.example/"]) == "https://mod.example/")
    #expect(ServerOptions.server("localhost:9000", environment: ["MODGATE_URL": "https://mod.example"]) == "http://localhost:9000")
    #expect(ServerOptions.token(nil, environment: ["MODGATE_TOKEN": " abc\n"]) == "abc")
    #expect(ServerOptions.token("", environment: [:]) == nil)
    #expect(AdminClient(server: "http://h:1//", token: "t").server == "http://h:1")
}
