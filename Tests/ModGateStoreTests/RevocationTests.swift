import Foundation
import GRDB
import ModGateStorage
import Testing

@testable import ModGateStore

@Suite struct RevocationTests {
    @Test func revocationsSurviveAReopenKeepTheLatestTimeAndAreAudited() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        #expect(try await store.revocations(now: 5000).isEmpty)
        try await store.revoke(.user("mallory", at: 4000), by: "root", reason: "stolen laptop", now: 4000)
        try await store.revoke(.token(id: "AAECAwQFBgcICQoLDA0ODw", at: 4100), by: "root", reason: "", now: 4100)
        // An older revocation of the same user (a slow node's) does not undo the later one.
        try await store.revoke(.user("mallory", at: 3000), by: "root", reason: "", now: 4200)
        try store.close()

        let reopened = try database.open()
        let kept = try await reopened.revocations(now: 5000)
        #expect(kept == Revocations([.user("mallory", at: 4000), .token(id: "AAECAwQFBgcICQoLDA0ODw", at: 4100)]))
        let entries = try await reopened.auditEntries(limit: 10)
        #expect(entries.map(\.record.action) == ["token.revoke", "token.revoke", "token.revoke"])
        #expect(entries.map(\.record.subject) == ["user:mallory", "token:AAECAwQFBgcICQoLDA0ODw", "user:mallory"])
        #expect(entries.map(\.record.actor) == ["root", "root", "root"])
        #expect(entries[0].record.reason == "stolen laptop")
        #expect(entries[0].record.details == ["issued_before": "4000.0"])
        #expect(try await reopened.verifyAudit() == .intact(entries: 3))
    }

    @Test func revocationsOlderThanTheLongestTokenLifetimeAreDropped() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await store.revoke(.token(id: "old", at: 1000), by: "root", reason: "", now: 1000)
        try await store.revoke(.user("old-user", at: 1000), by: "root", reason: "", now: 1000)
        let later = 1000 + Revocations.retention + 1
        // Not read any more once every token they could refuse has expired...
        #expect(try await store.revocations(now: later).isEmpty)
        #expect(try await store.revocations(now: later - 2) == Revocations([.token(id: "old", at: 1000), .user("old-user", at: 1000)]))
        // ...and deleted with the next revocation, so that the table stays bounded.
        try await store.revoke(.token(id: "new", at: later), by: "root", reason: "", now: later)
        let rows = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT subject FROM token_revocations") }
        #expect(rows == ["new"])
    }

    @Test func theSchemaRefusesAnUnknownKind() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        await #expect(throws: StoreError.self) {
            try await store.transaction { db in
                try db.execute(sql: "INSERT INTO token_revocations (kind, subject, revoked_at) VALUES ('group', 'g', 0)")
            }
        }
    }
}
