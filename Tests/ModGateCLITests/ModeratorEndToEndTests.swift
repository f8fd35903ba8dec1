import Foundation
import GRDB
import ModGateTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A moderator's work through the `modgate` binary against a real `modgate serve`: held messages listed,
/// approved to a live subscriber or rejected, claims, bulk decisions, rules reloads and the audit log.
@Suite(.timeLimit(.minutes(2)))
struct ModeratorEndToEndTests {
    @Test func aHeldMessageIsListedApproveDeliversItAndRejectDoesNot() async throws {
        let gateway = try await LiveGateway.start()
        try await webSocket(port: gateway.server.port, token: try gateway.token("bob")) { bob in
            try await bob.join("lobby")
            let ids = try await gateway.send(["holdme one", "holdme two"])
            let listed = try gateway.json(["queue", "list"])
            #expect(listed.map { $0["id"] as? Int } == ids.map { Int($0) })
            #expect(listed.map { $0["text"] as? String } == ["holdme one", "holdme two"])
            #expect(try gateway.cli(["queue", "list"]).stdout.contains("holdme one"))

            let approved = try gateway.cli(["queue", "approve", "\(ids[0])", "--note", "a quote, not a threat"])
            #expect(approved.status == 0)
            #expect(approved.stdout == "approved \(ids[0]) (delivered as seq 1)\n")
            let delivered = try await bob.next(op: "msg")
            #expect(delivered["text"] as? String == "holdme one")
            #expect(delivered["seq"] as? Int == 1)

            let rejected = try gateway.cli(["queue", "reject", "\(ids[1])", "--reason", "not here"])
            #expect(rejected.stdout == "rejected \(ids[1])\n")
            // The next message bob sees is one sent after the rejection: the rejected one never came.
            _ = try await gateway.send(["plain after"])
            let next = try await bob.next(op: "msg")
            #expect(next["text"] as? String == "plain after")
            #expect(next["seq"] as? Int == 2)
            #expect(try gateway.json(["queue", "list"]).isEmpty)
        }
        await gateway.stop()
    }

    @Test func triageOnATerminalDecidesWithSingleKeysAndRestoresTheTerminal() async throws {
        let gateway = try await LiveGateway.start()
        let ids = try await gateway.send(["holdme first", "holdme second"])
        // Matches shown as «...», not in reverse video, whatever TERM the run inherits.
        var plain = cleanEnvironment
        plain["NO_COLOR"] = "1"
        let terminal = try PseudoTerminal(
            ["queue", "triage", "--server", gateway.server.url, "--token", gateway.moderator], environment: plain)
        let keys = "[a]pprove [r]eject [s]kip [m]ute [q]uit [?]help: "
        try await terminal.waitFor(keys)
        #expect(terminal.screen.contains("«holdme» first"))
        terminal.type("a")
        try await terminal.waitFor(keys, count: 2)
        #expect(terminal.screen.contains("approved #\(ids[0])"))
        #expect(terminal.screen.contains("«holdme» second"))
        terminal.type("r")
        try await terminal.waitFor("reason for the sender (Enter for none): ")
        terminal.type("spam link\r")
        #expect(try await terminal.exitStatus() == 0)
        #expect(terminal.screen.contains("rejected #\(ids[1])"))
        #expect(terminal.screen.contains("approved 1, rejected 1, skipped 0"))
        #expect(terminal.settings.c_lflag & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO))
        #expect(try gateway.json(["queue", "list", "--status", "approved"]).map { $0["id"] as? Int } == [Int(ids[0])])
        #expect(try gateway.json(["queue", "list", "--status", "rejected"]).map { $0["id"] as? Int } == [Int(ids[1])])
        await gateway.stop()
    }

    @Test func ofTwoConcurrentClaimsOneWins() async throws {
        let gateway = try await LiveGateway.start()
        let id = try #require(try await gateway.send(["holdme please"]).first)
        let tokens = [try gateway.token("ann", role: "moderator"), try gateway.token("ben", role: "moderator")]
        async let first = gateway.cli(["queue", "claim", "\(id)"], token: tokens[0])
        async let second = gateway.cli(["queue", "claim", "\(id)"], token: tokens[1])
        let results = try await [first, second]
        #expect(results.map(\.status).sorted() == [0, 2])
        let winner = results[0].status == 0 ? "ann" : "ben"
        let loser = try #require(results.first { $0.status == 2 })
        #expect(loser.stderr.hasPrefix("error: message \(id) is claimed by \(winner) until "))
        let decidedByLoser = try gateway.cli(["queue", "approve", "\(id)"], token: tokens[winner == "ann" ? 1 : 0])
        #expect(decidedByLoser.status == 2)
        #expect(try gateway.cli(["queue", "approve", "\(id)"], token: tokens[winner == "ann" ? 0 : 1]).status == 0)
        await gateway.stop()
    }

    @Test func bulkApproveOfAThousandDeliversThemAllInOrder() async throws {
        let gateway = try await LiveGateway.start()
        try await webSocket(port: gateway.server.port, token: try gateway.token("bob")) { bob in
            try await bob.join("lobby")
            let ids = try await gateway.send((1...1000).map { "holdme \($0)" })
            #expect(ids.count == 1000)
            let approved = try gateway.cli(["queue", "approve", "--all", "--yes"])
            #expect(approved.status == 0)
            #expect(approved.stdout == "approved 1000\n")
            var seqs: [Int] = []
            var texts: [String] = []
            while seqs.count < 1000 {
                let message = try await bob.next(op: "msg")
                seqs.append(try #require(message["seq"] as? Int))
                texts.append(try #require(message["text"] as? String))
            }
            #expect(seqs == Array(1...1000))
            #expect(texts == (1...1000).map { "holdme \($0)" })
        }
        #expect(try gateway.json(["queue", "list"]).isEmpty)
        await gateway.stop()
    }

    @Test func aBrokenRulesFileDuringALiveReloadLeavesTheOldRulesWorking() async throws {
        let gateway = try await LiveGateway.start()
        try gateway.scratch.write("rules/broken.yaml", "rules:\n  - id: broken\n    patterns: ['(free']\n    action: reject\n")
        let reload = try gateway.cli(["rules", "reload"])
        #expect(reload.status == 1)
        #expect(reload.stdout.contains("broken.yaml:3:"))
        #expect(reload.stdout.contains("invalid RE2 pattern"))
        let held = try #require(try await gateway.send(["holdme still"]).first)
        #expect(try gateway.json(["queue", "list"]).map { $0["id"] as? Int } == [Int(held)])
        let audit = try gateway.cli(["audit", "export", "--jsonl"])
        #expect(audit.stdout.contains("the rules in force stay in force"))

        try FileManager.default.removeItem(atPath: gateway.scratch.path("rules/broken.yaml"))
        let fixed = try gateway.cli(["rules", "reload"])
        #expect(fixed.status == 0)
        #expect(fixed.stdout.hasPrefix("reloaded 1 rule"))
        await gateway.stop()
    }

    @Test func auditVerifyPassesOnTheLiveLogThenNamesAlteredDeletedAndReorderedEntries() async throws {
        let gateway = try await LiveGateway.start()
        let ids = try await gateway.send(["holdme a", "holdme b", "holdme c"])
        _ = try gateway.cli(["queue", "approve", "\(ids[0])"])
        _ = try gateway.cli(["queue", "reject", "\(ids[1])", "--reason", "no"])
        _ = try gateway.cli(["user", "mute", "alice", "--for", "10m"])
        let live = try modgate(["audit", "verify", "--db", gateway.database], environment: cleanEnvironment)
        #expect(live.status == 0)
        #expect(live.stdout.hasPrefix("audit log intact: "))
        await gateway.stop()

        let tamperings = [
            ("UPDATE audit_entries SET reason = 'fine by me' WHERE id = 4", "entry 4 was altered"),
            ("DELETE FROM audit_entries WHERE id = 4", "entry 5 does not follow entry 3"),
            (
                "UPDATE audit_entries SET id = -4 WHERE id = 4; UPDATE audit_entries SET id = 4 WHERE id = 5;"
                    + " UPDATE audit_entries SET id = 5 WHERE id = -4", "entry 4 does not follow entry 3"
            ),
        ]
        for (index, (sql, finding)) in tamperings.enumerated() {
            let copy = gateway.scratch.path("tampered-\(index).db")
            try DatabaseQueue(path: gateway.database).inDatabase { try $0.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
            try tamper(copy, sql)
            let result = try modgate(
                ["audit", "verify", "--db", copy, "--audit-key", gateway.database + ".audit-key"], environment: cleanEnvironment)
            #expect(result.status == 1, "\(sql)")
            #expect(result.stdout.hasPrefix(finding), "\(sql)")
        }
    }
}
