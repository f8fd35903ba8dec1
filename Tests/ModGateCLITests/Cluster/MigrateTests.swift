import Foundation
import ModGateTestSupport
import Testing

/// `modgate migrate`: a SQLite gateway's database moved into PostgreSQL, where a gateway carries on with the same
/// messages, numbers, queue, sanctions, tokens, revocations and audit chain. Skipped without a PostgreSQL server.
@Suite(
    .enabled(if: TestPostgres.isAvailable, "needs PostgreSQL: run the tests under scripts/with-postgres (make test does)"),
    .timeLimit(.minutes(3)))
struct MigrateTests {
    @Test func aSQLiteGatewayCarriesOnInPostgreSQL() async throws {
        let sqlite = try await LiveGateway.start()
        let (alice, carol, before): (String, String, [[String: Any]])
        do {
            let ids = try await sqlite.send(["one", "two", "holdme three", "four", "holdme five"])
            #expect(try sqlite.cli(["queue", "approve", "\(ids[2])"]).status == 0)
            #expect(try sqlite.cli(["user", "ban", "mallory", "--reason", "spam"]).status == 0)
            (alice, carol, before) = (try sqlite.token("alice"), try sqlite.token("carol"), try sqlite.json(["queue", "list"]))
            let revoked = try sqlite.cli(["token", "revoke", "--user", "carol"], token: try sqlite.token("root", role: "admin"))
            #expect(revoked.status == 0, "\(revoked.stderr)")
        } catch {
            sqlite.server.kill()
            throw error
        }
        await sqlite.stop()

        try await TestPostgres.withDatabase { database in
            let migrated = try modgate(["migrate", "--from", sqlite.database, "--to", database], environment: cleanEnvironment)
            #expect(migrated.status == 0, "migrate: \(migrated.stderr)")
            #expect(migrated.stdout.contains("5 messages") && migrated.stdout.contains("audit log intact"), "\(migrated.stdout)")
            let again = try modgate(["migrate", "--from", sqlite.database, "--to", database], environment: cleanEnvironment)
            #expect(again.status != 0 && again.stderr.contains("already holds data"), "\(again.stderr)")

            var environment = cleanEnvironment
            environment["MODGATE_AUDIT_KEY_FILE"] = sqlite.database + ".audit-key"
            let server = try ServerProcess(
                ["--config", sqlite.scratch.path("modgate.yaml"), "--db", database, "--rules", sqlite.rules],
                logs: sqlite.scratch.url, environment: environment)
            try await server.waitUntilListening()
            do {
                let postgres = LiveGateway(scratch: sqlite.scratch, server: server, moderator: sqlite.moderator)
                // The queue, the tokens signed before (the secret moved), the numbers: all carry on.
                #expect(try postgres.json(["queue", "list"]).map { $0["id"] as? Int } == before.map { $0["id"] as? Int })
                try await webSocket(port: server.port, token: alice) { socket in
                    try await socket.send(#"{"op":"subscribe","room":"lobby","since":0}"#)
                    var texts: [String] = []
                    for _ in 0..<4 { texts.append(try await socket.next(op: "msg")["text"] as? String ?? "?") }
                    #expect(texts == ["one", "two", "four", "holdme three"])  // the approval came after "four"
                    try await socket.send(#"{"op":"send","room":"lobby","text":"six","cid":"after-migrate"}"#)
                    #expect(try await socket.next(op: "msg")["seq"] as? Int == 5)
                }
                // A token revoked before the move stays refused.
                #expect(try await server.status(token: carol) == 401)
                let mallory = try modgate(["token", "issue", "--user", "mallory", "--db", database], environment: environment)
                try await webSocket(port: server.port, token: mallory.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { socket in
                    let frames = try await socket.rest()
                    #expect(frames.last?["code"] as? String == "user_banned")
                }
            } catch {
                server.kill()
                throw error
            }
            await server.stop()
            let audit = try modgate(["audit", "verify", "--db", database], environment: environment)
            #expect(audit.status == 0, "audit verify: \(audit.stdout) \(audit.stderr)")
        }
    }
}
