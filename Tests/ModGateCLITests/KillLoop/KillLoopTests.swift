import Foundation
import ModGateTestSupport
import Testing

/// Issue 8's kill loop: senders, readers and a moderator work against a real `modgate serve` that is SIGKILLed
/// at random instants and started again each time. Afterwards every acked message is stored once, every room's
/// sequence is gapless, every reader that resumed with `since` has every message once, in order, and the
/// audit log verifies. `MODGATE_KILL_ROUNDS` sets the number of kills (3 by default; `make kill-loop` runs 20).
@Suite(.timeLimit(.minutes(20)))
struct KillLoopTests {
    static let kills = min(max(Int(ProcessInfo.processInfo.environment["MODGATE_KILL_ROUNDS"] ?? "") ?? 3, 1), 200)
    static let rooms = ["kill-0", "kill-1"]
    static let senders = (0..<4).map { "sender-\($0)" }
    static let readers = rooms.flatMap { room in (0..<2).map { (name: "reader-\(room)-\($0)", room: room) } }

    @Test func everyAckedMessageSurvivesRandomKills() async throws {
        let scratch = try LiveGateway.files()
        let ledger = KillLoopLedger()
        var server = try LiveGateway.serve(in: scratch)
        try await server.waitUntilListening()
        var tokens = ["mod": try issueToken(user: "mod", role: "moderator", database: scratch.path("modgate.db"))]
        for user in Self.senders + Self.readers.map(\.name) {
            tokens[user] = try issueToken(user: user, database: scratch.path("modgate.db"))
        }
        for round in 0..<Self.kills {
            if round > 0 {
                server = try LiveGateway.serve(in: scratch)
                try await server.waitUntilListening()
            }
            let clients = KillLoopClients(port: server.port, ledger: ledger, tokens: tokens)
            let victim = server
            await withTaskGroup(of: Void.self) { group in
                for sender in Self.senders { group.addTask { await clients.send(as: sender, rooms: Self.rooms, fresh: true) } }
                for reader in Self.readers { group.addTask { await clients.follow(reader.room, as: reader.name) } }
                group.addTask { await clients.approveHeld(as: "mod", untilEmpty: false) }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 200...1500)))
                    victim.kill()
                }
            }
            try await server.waitForExit()
        }
        // Once more without a kill: every send acked, every held message approved, every reader caught up.
        server = try LiveGateway.serve(in: scratch)
        try await server.waitUntilListening()
        let clients = KillLoopClients(port: server.port, ledger: ledger, tokens: tokens)
        await withTaskGroup(of: Void.self) { group in
            for sender in Self.senders { group.addTask { await clients.send(as: sender, rooms: Self.rooms, fresh: false) } }
        }
        await clients.approveHeld(as: "mod", untilEmpty: true)
        var histories: [String: [[String: Any]]] = [:]
        for room in Self.rooms { histories[room] = try await clients.history(of: room, as: "mod") }
        await withTaskGroup(of: Void.self) { group in
            for reader in Self.readers {
                let last = Int64(histories[reader.room]?.count ?? 0)
                group.addTask { await clients.follow(reader.room, as: reader.name, until: last) }
            }
        }
        await server.stop()
        ledger.check(rooms: Self.rooms, readers: Self.readers, histories: histories)
        let audit = try modgate(["audit", "verify", "--db", scratch.path("modgate.db")], environment: cleanEnvironment)
        #expect(audit.status == 0, "audit verify: \(audit.stdout) \(audit.stderr)")
        print("kill loop: \(Self.kills) kills, \(ledger.acks.count) messages acked, \(histories.values.map(\.count).reduce(0, +)) visible")
    }
}
