import Foundation
import GRDB
import ModGateStorage

@testable import ModGateStore
import Testing

/// The keyed audit chain: a key outside the database, an anchor outside it, and old unkeyed logs kept verifiable.
@Suite struct AuditKeyTests {
    private func fiveEntries(in store: Store) async throws {
        for index in 1...5 {
            try await store.appendAudit(AuditRecord(time: 2000 + Double(index), actor: "alice", action: "user.ban", subject: "user:u\(index)"))
        }
    }

    /// Rewrites every entry from `first` on with freshly chained hashes (keyed with `key`, or plain SHA-256 marked
    /// unkeyed), after running `edit`: what someone with the file, and maybe the key, would do.
    private func rewrite(
        _ database: TemporaryDatabase, from first: Int64, through last: Int64 = .max, key: AuditKey?, edit: String = ""
    ) throws {
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_append_only_update")
            if !edit.isEmpty { try db.execute(sql: edit) }
            var previous = try String.fetchOne(db, sql: "SELECT hash FROM audit_entries WHERE id = ?", arguments: [first - 1])
                ?? AuditHash.genesis
            for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_entries WHERE id BETWEEN ? AND ? ORDER BY id", arguments: [first, last]) {
                let hash = AuditHash.hash(
                    key: key, prevHash: previous, id: row["id"], time: row["time"], actor: row["actor"], action: row["action"],
                    subject: row["subject"], reason: row["reason"], rules: row["rules"], details: row["details"])
                try db.execute(
                    sql: "UPDATE audit_entries SET prev_hash = ?, hash = ?, keyed = ? WHERE id = ?",
                    arguments: [previous, hash, key == nil ? 0 : 1, row["id"] as Int64])
                previous = hash
            }
        }
        try queue.close()
    }

    @Test func theKeyFileIsCreatedBesideTheDatabaseReadableByItsOwnerOnly() async throws {
        let database = try TemporaryDatabase()
        _ = try database.open()
        let attributes = try FileManager.default.attributesOfItem(atPath: database.path + ".audit-key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: database.path + ".audit-key", encoding: .utf8).count == 65)
    }

    @Test func deletingTheTailFailsOnlyAgainstAnAnchor() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        let anchor = try #require(try await store.auditHead())
        #expect(anchor.id == 5 && AuditAnchor(parsing: anchor.description) == anchor)
        try database.tamper("DROP TRIGGER audit_entries_append_only_delete; DELETE FROM audit_entries WHERE id >= 4")
        #expect(try await store.verifyAudit() == .intact(entries: 3))
        #expect(try await store.verifyAudit(anchor: anchor) == .broken(entryID: 5, problem: .missing(last: 3)))
    }

    @Test func aRewriteWithPlainHashesFails() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        // Every entry recomputed with plain SHA-256, as the chain was before it was keyed: no keyed entry is left.
        try rewrite(database, from: 1, key: nil, edit: "UPDATE audit_entries SET subject = 'user:nobody' WHERE id = 2")
        #expect(try await store.verifyAudit() == .broken(entryID: 5, problem: .unkeyed))
        // From the edit on only: the first unkeyed entry after a keyed one.
        let partial = try TemporaryDatabase()
        try await fiveEntries(in: try partial.open())
        try rewrite(partial, from: 3, key: nil, edit: "UPDATE audit_entries SET subject = 'user:nobody' WHERE id = 3")
        #expect(try await partial.open(readOnly: true).verifyAudit() == .broken(entryID: 3, problem: .unkeyed))
    }

    @Test func aRewriteWithTheKeyFailsAgainstAnAnchor() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        let anchor = try #require(try await store.auditHead())
        let key = try AuditKey.read(path: database.path + ".audit-key")
        try rewrite(database, from: 2, key: key, edit: "UPDATE audit_entries SET subject = 'user:nobody' WHERE id = 2")
        #expect(try await store.verifyAudit() == .intact(entries: 5))
        #expect(try await store.verifyAudit(anchor: anchor) == .broken(entryID: 5, problem: .notAnchored))
    }

    @Test func anotherKeyOrNoKeyCannotVouchForTheLog() async throws {
        let database = try TemporaryDatabase()
        try await fiveEntries(in: try database.open())
        let other = database.folder.appendingPathComponent("other.key").path
        try String(repeating: "ab", count: 32).write(toFile: other, atomically: true, encoding: .utf8)
        let wrongKey = try Store(path: database.path, options: StoreOptions(readOnly: true, auditKeyFile: other))
        #expect(try await wrongKey.verifyAudit() == .broken(entryID: 1, problem: .altered))
        try FileManager.default.removeItem(atPath: database.path + ".audit-key")
        #expect(try await database.open(readOnly: true).verifyAudit() == .unverifiable(entryID: 1))
        #expect(throws: StoreError.self) { try database.open() }
    }

    @Test func anOldUnkeyedLogIsClosedByAKeyedEntryAndKeepsVerifying() async throws {
        let database = try TemporaryDatabase()
        let queue = try DatabaseQueue(path: database.path)
        chmod(database.path, 0o600)  // as the store creates its files
        try Schema.migrator.migrate(queue, upTo: "v1")
        try await queue.write { db in
            var previous = AuditHash.genesis
            for id in Int64(1)...3 {
                let hash = AuditHash.hash(
                    key: nil, prevHash: previous, id: id, time: 1000, actor: "alice", action: "user.ban", subject: "user:u",
                    reason: "", rules: "[]", details: "{}")
                try db.execute(
                    sql: "INSERT INTO audit_entries (id, time, actor, action, subject, reason, rules, details, prev_hash, hash) VALUES (?, 1000, 'alice', 'user.ban', 'user:u', '', '[]', '{}', ?, ?)",
                    arguments: [id, previous, hash])
                previous = hash
            }
        }
        try queue.close()
        let store = try database.open()
        try await store.appendAudit(AuditRecord(time: 2000, actor: "bob", action: "user.unban", subject: "user:u"))
        let entries = try await store.auditEntries(limit: 10)
        #expect(entries.map(\.record.action) == ["user.ban", "user.ban", "user.ban", "audit.keyed", "user.unban"])
        #expect(entries[3].record.details == ["unkeyed_entries": "3"])
        #expect(try await store.verifyAudit() == .intact(entries: 5))
        // Opening again adds nothing: the unkeyed entries are closed once.
        #expect(try await database.open().verifyAudit() == .intact(entries: 5))
        // The old entries cannot be rewritten without breaking the keyed entry that closes them.
        try rewrite(database, from: 2, through: 3, key: nil, edit: "UPDATE audit_entries SET subject = 'user:nobody' WHERE id = 2")
        #expect(try await store.verifyAudit() == .broken(entryID: 4, problem: .unlinked(previous: 3)))
    }
}
