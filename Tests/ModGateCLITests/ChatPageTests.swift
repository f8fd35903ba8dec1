import Foundation
import ModGateTestSupport
import Testing

/// The chat page at `/` in headless Chromium against a real `modgate serve`: Tests/clients/chat_page.py drives the
/// browsers with selenium and reports what the pages show, and these tests check it.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(
        if: PageBrowser.python != nil,
        "MODGATE_TEST_PYTHON is not set: make test sets it (scripts/test-venv, with selenium) after installing chromium and chromium-driver"),
    .enabled(if: PageBrowser.installed, "no /usr/bin/chromium or /usr/bin/chromedriver: install Debian's chromium and chromium-driver"))
struct ChatPageTests {
    @Test func twoPagesInOneRoomExchangeMessagesInOneOrder() async throws {
        let result = try await PageGateway.start().run("exchange")
        let alice = try #require(result["alice"] as? [String: Any])
        let bob = try #require(result["bob"] as? [String: Any])
        #expect(result["focused"] as? String == "message", "the message box has the focus once the page opens")
        #expect(result["labelled"] as? Bool == true, "labelled fields and buttons, a live log, a status")
        let expected = [
            Shown(seq: 1, user: "alice", text: "Hello from alice"), Shown(seq: 2, user: "bob", text: "Hi alice, welcome"),
            Shown(seq: 3, user: "alice", text: "two\nlines"),
        ]
        #expect(Shown.all(alice) == expected)
        #expect(Shown.all(bob) == expected)
        #expect(messages(alice).map { $0["own"] as? Bool } == [true, false, true])
        #expect(messages(bob).allSatisfy { $0["fate"] is NSNull }, "a delivered message carries no fate")
    }

    @Test func aHeldMessageShowsAsHeldToItsSenderOnlyUntilAModeratorDecidesAndARemovalIsApplied() async throws {
        let result = try await PageGateway.start().run("held")
        let before = try #require(result["before"] as? [String: Any])
        let after = try #require(result["after"] as? [String: Any])
        let sender = messages(try #require(before["alice"] as? [String: Any]))
        let held = sender.filter { $0["fate"] as? String == "held" }
        #expect(held.map { $0["text"] as? String } == ["holdme, is this fine?", "holdme again, to be rejected"])
        #expect(held.allSatisfy { $0["label"] as? String == "Held" && ($0["note"] as? String)?.hasPrefix("Waiting for a moderator") == true })
        #expect(
            Shown.all(try #require(before["bob"] as? [String: Any])) == [Shown(seq: 1, user: "alice", text: "A plain message after them")],
            "the other page shows no held message")

        let decisions = try #require(result["decisions"] as? [String: [String: Any]])
        #expect(decisions["approve"]?["status"] as? String == "approved")
        #expect(decisions["reject"]?["status"] as? String == "rejected")
        let approved = Shown(seq: 2, user: "alice", text: "holdme, is this fine?")
        #expect(Shown.all(try #require(after["bob"] as? [String: Any])) == [Shown(seq: 1, user: "alice", text: "A plain message after them"), approved])
        let senderAfter = messages(try #require(after["alice"] as? [String: Any]))
        #expect(senderAfter.filter { $0["text"] as? String == "holdme, is this fine?" }.map { $0["fate"] as? String } == ["approved"])
        let rejected = try #require(senderAfter.first { $0["text"] as? String == "holdme again, to be rejected" })
        #expect(rejected["fate"] as? String == "rejected")
        #expect(rejected["note"] as? String == "A moderator rejected it. Off topic here.")

        #expect((result["removal"] as? [String: Any])?["status"] as? String == "removed")
        let removed = try #require(result["removed"] as? [String: [String: Any]])
        for (page, state) in removed {
            let item = messages(state).first { $0["seq"] as? Int == 1 }
            #expect(item?["fate"] as? String == "removed", "\(page)")
            #expect(item?["text"] as? String == "This message was removed by a moderator.", "\(page)")
        }
    }

    @Test func eachFateShowsToItsSenderAndAHostileTextRendersAsText() async throws {
        let screenshot = ProcessInfo.processInfo.environment["MODGATE_SCREENSHOT"]
        let result = try await PageGateway.start().run("fates", screenshot: screenshot)
        let alice = try #require(result["alice"] as? [String: Any])
        let bob = try #require(result["bob"] as? [String: Any])
        let hostile = #"<b>bold?</b> <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> &amp; done"#
        let redacted = "My card is *******************, pay me back"
        #expect(
            Shown.all(bob) == [
                Shown(seq: 1, user: "bob", text: "Hi alice! How was the trip?"),
                Shown(seq: 2, user: "alice", text: "Great, thanks. Photos tonight."), Shown(seq: 3, user: "alice", text: hostile),
                Shown(seq: 4, user: "alice", text: redacted),
            ], "the room sees the hostile text as it was typed, the card number redacted, and nothing held or rejected")
        for page in [alice, bob] {
            #expect(page["markup"] as? Int == 0, "no element was made from a message's text")
            #expect(page["pwned"] is NSNull, "no script of a message ran")
            #expect(messages(page).allSatisfy { $0["children"] as? Int == 0 })
        }
        let fates = messages(alice).filter { $0["user"] as? String == "alice" }.map { Fate($0) }
        #expect(
            fates.dropLast() == [
                Fate(text: "Great, thanks. Photos tonight.", fate: nil, note: nil), Fate(text: hostile, fate: nil, note: nil),
                Fate(text: "holdme: may I post my phone number here?", fate: "held", note: "Waiting for a moderator; only you can see it. Held for review."),
                Fate(text: redacted, fate: "redacted", note: "Others see the text above. Card numbers are removed."),
                Fate(text: "rejectme, just to see", fate: "rejected", note: "That word is not allowed here."),
            ])
        let limited = try #require(fates.last)
        #expect(limited.text == "One more thing…")
        #expect(limited.fate == "rejected")
        #expect(limited.note?.hasPrefix("You are sending messages too fast; try again in") == true)
        #expect(limited.note?.contains("You can send again at ") == true)
        if let screenshot { #expect(FileManager.default.fileExists(atPath: screenshot)) }
    }

    @Test func afterTheGatewayRestartsThePageFillsTheGapOnceInOrder() async throws {
        let gateway = try await PageGateway.start()
        let result = try await gateway.run("restart") { event, script in
            switch event {
            case "stop":
                await gateway.stop()
                try script.tell(["done": "stop"])
            case "post":
                // Another gateway on the same database and another port: what it stores is a gap for the page.
                let other = try gateway.serve()
                try await other.waitUntilListening()
                gateway.replaceOther(other)
                try script.tell(["done": "post", "url": other.url])
            case "restart":
                await gateway.stopOther()
                try await gateway.restart()
                try script.tell(["done": "restart"])
            default:
                Issue.record("unexpected event \(event)")
            }
        }
        #expect((result["acks"] as? [[String: Any]])?.map { $0["status"] as? String } == ["delivered", "delivered", "delivered"])
        let alice = try #require(result["alice"] as? [String: Any])
        #expect(
            Shown.all(alice) == [
                Shown(seq: 1, user: "alice", text: "Before the restart"), Shown(seq: 2, user: "carol", text: "Meanwhile 1"),
                Shown(seq: 3, user: "carol", text: "Meanwhile 2"), Shown(seq: 4, user: "carol", text: "Meanwhile 3"),
                Shown(seq: 5, user: "alice", text: "Typed while the gateway was away"),
                Shown(seq: 6, user: "carol", text: "After the restart"),
            ], "every message once, in the room's order, the one typed offline sent once")
    }

    @Test func theFormJoinsAnExpiredTokenAsksForANewOneAndABanStopsThePage() async throws {
        let result = try await PageGateway.start().run("sanctions")
        let expired = try #require(result["expired"] as? [String: Any])
        #expect(expired["join"] as? String == "Your token has expired: paste a new one to carry on where you left off.")
        #expect(expired["focused"] as? String == "join-token", "the token field has the focus")
        #expect((result["fragment"] as? String)?.hasPrefix("#room=sanctions&token=") == true, "the form's room and token go to the fragment")
        #expect((result["ban"] as? [String: Any])?["banned"] as? Bool == true)
        let alice = try #require(result["alice"] as? [String: Any])
        #expect(alice["connection"] as? String == "live")
        #expect(Shown.all(alice) == [Shown(seq: 1, user: "alice", text: "Back with a new token")])
        let bob = try #require(result["bob"] as? [String: Any])
        #expect(bob["status"] as? String == "You are banned from this chat.")
        #expect(bob["notice"] as? String == "You are banned from this chat.")
        #expect(bob["sendable"] as? Bool == false)
    }

    @Test func aRoomWithALongHistoryOpensAtItsLastThousandMessages() async throws {
        let gateway = try await PageGateway.start(rateLimits: false)
        try await gateway.send((1...1205).map { "Message \($0)" }, to: "long", as: "dave")
        let result = try await gateway.run("long", extra: ["last": "Message 1205"])
        let alice = try #require(result["alice"] as? [String: Any])
        #expect(Shown.all(alice) == (206...1205).map { Shown(seq: $0, user: "dave", text: "Message \($0)") })
        let requests = try #require(result["history_requests"] as? [String])
        #expect(requests.count < 20, "one page, a few one-message reads to find the end, the last pages: \(requests.count) requests")
        #expect(!requests.contains { $0.contains("since=0&limit=1000") && $0 != requests.first }, "the history was read once from the start")
    }

    @Test func aCallBetweenTwoBrowsersConnectsAndEachEndShowsItsReasonInWords() async throws {
        let result = try await PageGateway.start().run("call")
        let before = try #require(result["before"] as? [String: [String: Any]])
        let people = try #require(before["alice"]?["people"] as? [[String: Any]])
        #expect(people.map { $0["user"] as? String } == ["bob"], "alice may call the one other person who wrote")
        #expect((before["bob"]?["people"] as? [[String: Any]])?.map { $0["user"] as? String } == ["alice"])
        let buttons = try #require(people.first?["buttons"] as? [[String: Any]])
        #expect(buttons.map { $0["text"] as? String } == ["Call", "Audio only"])
        #expect(buttons.map { $0["label"] as? String } == ["Call bob, with video", "Audio only call to bob"])
        #expect(before["alice"]?["hidden"] as? Bool == true && before["alice"]?["state"] as? String == "idle")

        let calling = try #require(result["calling"] as? [String: Any])
        #expect(CallPanel(calling) == CallPanel(state: "calling", reason: nil, status: "Calling bob…", buttons: ["Hang up"]))
        #expect(calling["status_role"] as? String == "status")
        #expect(
            ((calling["people"] as? [[String: Any]])?.first?["buttons"] as? [[String: Any]])?.allSatisfy { $0["disabled"] as? Bool == true } == true,
            "one call at a time")
        #expect(CallPanel(result["ringing"]) == CallPanel(state: "ringing", reason: nil, status: "Ringing: alice is calling", buttons: ["Answer", "Decline"]))

        let connected = try #require(result["connected"] as? [String: [String: Any]])
        #expect(CallPanel(connected["alice"]) == CallPanel(state: "connected", reason: nil, status: "In call with bob", buttons: ["Hang up"]))
        #expect(CallPanel(connected["bob"]) == CallPanel(state: "connected", reason: nil, status: "In call with alice", buttons: ["Hang up"]))
        for (page, panel) in connected {
            let remote = try #require(panel["remote"] as? [String: Any])
            #expect((remote["width"] as? Int ?? 0) > 0 && remote["playing"] as? Bool == true, "\(page) sees the other fake camera")
            let local = try #require(panel["local"] as? [String: Any])
            #expect(local["muted"] as? Bool == true && local["playsinline"] as? Bool == true && local["autoplay"] as? Bool == true, "\(page)")
        }

        let hungUp = try #require(result["hung_up"] as? [String: [String: Any]])
        #expect(CallPanel(hungUp["alice"]) == CallPanel(state: "ended", reason: "user_hangup", status: "Call ended: you hung up", buttons: ["Close"]))
        #expect(CallPanel(hungUp["bob"]) == CallPanel(state: "ended", reason: "user_hangup", status: "Call ended: alice hung up", buttons: ["Close"]))

        let declined = try #require(result["declined"] as? [String: [String: Any]])
        #expect(
            CallPanel(declined["alice"]) == CallPanel(state: "ended", reason: "rejected", status: "Call declined: bob declined the call (rejected)", buttons: ["Close"]))
        #expect(CallPanel(declined["bob"]) == CallPanel(state: "ended", reason: "rejected", status: "You declined the call from alice", buttons: ["Close"]))

        let refused = CallPanel(result["refused"])
        #expect(refused.state == "ended" && refused.reason == "callee_unavailable")
        #expect(
            refused.status?.hasPrefix("Call refused: callee_unavailable — ") == true && refused.status != "Call refused: callee_unavailable — ",
            "the gateway's message, for a callee with no page open: \(refused.status ?? "")")

        #expect(
            CallPanel(result["audio_ringing"])
                == CallPanel(state: "ringing", reason: nil, status: "Ringing: bob is calling (audio only)", buttons: ["Answer", "Decline"]))
        let audio = try #require(result["audio"] as? [String: [String: Any]])
        #expect(audio.values.map { $0["state"] as? String } == ["connected", "connected"])
        for (page, panel) in audio {
            let remote = try #require(panel["remote"] as? [String: Any])
            #expect(remote["width"] as? Int == 0 && remote["playing"] as? Bool == true, "\(page) hears the other side and sees no video")
        }

        #expect((result["ban"] as? [String: Any])?["banned"] as? Bool == true)
        let banned = try #require(result["banned"] as? [String: [String: Any]])
        let afterBan = CallPanel(state: "ended", reason: "banned", status: "Call ended: the gateway ended the call after a ban (banned)", buttons: ["Close"])
        #expect(CallPanel(banned["alice"]) == afterBan)
        #expect(banned["alice"]?["connection"] as? String == "live")
        #expect(CallPanel(banned["bob"]) == afterBan)
        #expect(banned["bob"]?["notice"] as? String == "You are banned from this chat.")
        let console = try #require(result["console"] as? [String: [String]])
        #expect(console == ["alice": [], "bob": []], "no script error and no CSP violation")
    }

    private func messages(_ page: [String: Any]) -> [[String: Any]] { page["messages"] as? [[String: Any]] ?? [] }
}

/// A page's call panel: its state, the code of how the last call ended, its sentence and the buttons it shows.
struct CallPanel: Equatable {
    var state: String?
    var reason: String?
    var status: String?
    var buttons: [String]
}

extension CallPanel {
    init(_ panel: Any?) {
        let panel = panel as? [String: Any] ?? [:]
        self.init(
            state: panel["state"] as? String, reason: panel["reason"] as? String, status: panel["status"] as? String,
            buttons: panel["buttons"] as? [String] ?? [])
    }
}

/// A message as a page shows it.
struct Shown: Equatable, CustomStringConvertible {
    var seq: Int?
    var user: String?
    var text: String?

    static func all(_ page: [String: Any]) -> [Shown] {
        (page["messages"] as? [[String: Any]] ?? []).map {
            Shown(seq: $0["seq"] as? Int, user: $0["user"] as? String, text: $0["text"] as? String)
        }
    }

    var description: String { "\(seq.map(String.init) ?? "-") \(user ?? "?"): \(text ?? "")" }
}

/// A sender's message with what the page says became of it.
struct Fate: Equatable {
    var text: String?
    var fate: String?
    var note: String?
}

extension Fate {
    init(_ message: [String: Any]) {
        self.init(text: message["text"] as? String, fate: message["fate"] as? String, note: message["note"] as? String)
    }
}

/// What the browser tests need from the machine: the Python with selenium (`MODGATE_TEST_PYTHON`), Chromium and its driver.
enum PageBrowser {
    static let python = ProcessInfo.processInfo.environment["MODGATE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static var installed: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromedriver"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// `modgate serve` for the page tests: rules that hold, reject, shadow and redact test phrases, five messages per user and
/// room an hour, every other stage off; tokens for alice, bob, carol and a moderator, and one of alice's that expires
/// four seconds after it is issued.
final class PageGateway: @unchecked Sendable {
    let scratch: Scratch
    private(set) var server: ServerProcess
    /// A second gateway on the same database, while the restart test needs one.
    private var other: ServerProcess?

    private init(scratch: Scratch, server: ServerProcess) {
        self.scratch = scratch
        self.server = server
    }

    /// Starts the gateway; without `rateLimits`, a user may send as fast as they like.
    static func start(rateLimits: Bool = true) async throws -> PageGateway {
        let limits =
            rateLimits
            ? "{ user: off, user_room: { rate: 1/h, burst: 5 }, room: off, connection: off, escalation: off }" : "{ enabled: false }"
        let scratch = try Scratch([
            "rules/test.yaml": TestRules.verdicts, "rules/cards.yaml": TestRules.card,
            "modgate.yaml": """
            rate_limits: \(limits)
            flood: { enabled: false }
            raid: { enabled: false }
            spam: { enabled: false }
            toxicity: { enabled: false }
            reputation: { enabled: false }
            """,
        ])
        let gateway = PageGateway(scratch: scratch, server: try Self.serve(scratch, port: nil))
        try await gateway.server.waitUntilListening()
        return gateway
    }

    private static func serve(_ scratch: Scratch, port: Int?) throws -> ServerProcess {
        try ServerProcess(
            ["--config", scratch.path("modgate.yaml"), "--db", scratch.path("modgate.db"), "--rules", scratch.path("rules")],
            logs: scratch.url, environment: cleanEnvironment, port: port)
    }

    /// Another gateway on this one's files, on a free port.
    func serve() throws -> ServerProcess { try Self.serve(scratch, port: nil) }

    func replaceOther(_ server: ServerProcess) { other = server }

    func stopOther() async {
        await other?.stop()
        other = nil
    }

    func stop() async { await server.stop() }

    /// Starts the gateway again on its port and database, once the last one has stopped.
    func restart() async throws {
        server = try Self.serve(scratch, port: server.port)
        try await server.waitUntilListening()
    }

    /// Sends `texts` to `room` as `user` over one WebSocket, a hundred at a time, each batch acked before the next.
    func send(_ texts: [String], to room: String, as user: String) async throws {
        let token = try issueToken(user: user, database: scratch.path("modgate.db"))
        try await webSocket(port: server.port, token: token) { socket in
            for (batch, chunk) in stride(from: 0, to: texts.count, by: 100).map({ texts[$0..<min($0 + 100, texts.count)] }).enumerated() {
                for (index, text) in chunk.enumerated() {
                    try await socket.send(#"{"op":"send","room":"\#(room)","text":"\#(text)","cid":"\#(batch)-\#(index)"}"#)
                }
                for _ in chunk { #expect(try await socket.next(op: "ack")["status"] as? String == "delivered") }
            }
        }
    }

    /// Runs the page script's `scenario` against this gateway and returns its result; `act` answers its events.
    /// The gateways are stopped afterwards, whatever happened.
    func run(
        _ scenario: String, screenshot: String? = nil, extra: [String: String] = [:],
        act: (String, ScriptProcess) async throws -> Void = { event, _ in Issue.record("unexpected event \(event)") }
    ) async throws -> [String: Any] {
        let python = try #require(PageBrowser.python)
        let database = scratch.path("modgate.db")
        var tokens: [String: String] = [:]
        for user in ["alice", "bob", "carol"] { tokens[user] = try issueToken(user: user, database: database) }
        tokens["mod"] = try issueToken(user: "mod", role: "moderator", database: database)
        let expiring = try modgate(["token", "issue", "--user", "alice", "--ttl", "4s", "--db", database], environment: cleanEnvironment)
        tokens["alice-expiring"] = expiring.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let script = try ScriptProcess(
            python, [packageRoot.appendingPathComponent("Tests/clients/chat_page.py").path, scenario], logs: scratch.url,
            timeLimit: .seconds(240))
        defer { script.end() }
        do {
            try script.tell(
                ["url": server.url, "tokens": tokens, "screenshot": screenshot ?? NSNull(), "timeout": 60].merging(extra.mapValues { $0 as Any }) { first, _ in first })
            while let line = await script.next() {
                if let result = line["result"] as? [String: Any] {
                    await script.finish()  // the script closes its browsers
                    await stopAll()
                    return result
                }
                if let error = line["error"] as? String {
                    Issue.record("chat_page.py \(scenario) failed: \(error)\n\(line["trace"] as? String ?? "")")
                } else if line["event"] as? String == "timeout" {
                    Issue.record("chat_page.py \(scenario) waited in vain: \(line)")
                } else if let event = line["event"] as? String {
                    try await act(event, script)
                }
            }
            Issue.record("chat_page.py \(scenario) ended without a result; it wrote:\n\(script.errors)\nThe gateway logged:\n\(server.log)")
            await stopAll()
            throw CancellationError()
        } catch {
            await stopAll()
            throw error
        }
    }

    private func stopAll() async {
        await stopOther()
        await server.stop()
    }
}
