import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import ModGateAuth
import ModGateServer
import Testing

/// New rules go into force only together with their audit entry.
@Suite(.timeLimit(.minutes(2)))
struct RulesReloadAuditTests {
    /// Raw SQL on the gateway's database through a connection of its own.
    private func execute(_ sql: String, on database: String) throws {
        let queue = try DatabaseQueue(path: database)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    private func verdict(_ session: Session, _ text: String) async throws -> String? {
        let body = String(decoding: try JSONEncoder().encode(["text": text, "user": "alice", "room": "lobby"]), as: UTF8.self)
        return try JSONValue(try await session.request("/v1/check", method: .post, user: "backend", role: .service, body: body))["verdict"].string
    }

    @Test func aReloadWhoseAuditWriteFailsKeepsTheRulesInForce() async throws {
        let harness = try GatewayHarness.quiet()
        let database = harness.config.database
        let extra = harness.rulesFolder.appendingPathComponent("extra.yaml")
        try await harness.run { session in
            try "rules:\n  - id: extra.word\n    words: [newword]\n    action: reject\n".write(to: extra, atomically: true, encoding: .utf8)
            try execute(
                "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'the disk is full'); END",
                on: database)
            let refused = try await session.post("/v1/admin/rules/reload", as: "mod", "")
            #expect(refused.status == .serviceUnavailable)
            #expect(try JSONValue(refused)["code"].string == "not_audited")
            #expect(try await verdict(session, "a newword here") == "allow")
            let signal = await session.server.reloader.reload(by: "modgate", trigger: "sighup")
            guard case .failure(.notAudited(let cause)) = signal else {
                Issue.record("expected notAudited, got \(signal)")
                return
            }
            #expect(cause.contains("the disk is full"))
            #expect(try await verdict(session, "a newword here") == "allow")

            try execute("DROP TRIGGER audit_fails", on: database)
            #expect(try await session.post("/v1/admin/rules/reload", as: "mod", "").status == .ok)
            #expect(try await verdict(session, "a newword here") == "reject")
            let audit = try await session.server.gateway.store.auditEntries(after: 0, limit: 100)
            #expect(audit.filter { $0.record.action == "rules.reload" }.count == 1)
            #expect(try await session.server.gateway.store.verifyAudit(anchor: nil).isIntact)
        }
    }
}
