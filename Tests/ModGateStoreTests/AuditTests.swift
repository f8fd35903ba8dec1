import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateStore

@Suite struct AuditTests {
    /// Five entries: two automatic verdicts, a moderator decision and two other actions.
    private func fiveEntries(in store: Store) async throws {
        let stored = try await commitInOrder(
            [message("ok"), message("held", action: .hold), message("no", action: .reject)], to: store)
        _ = try await store.approve(messageID: stored[1].id, moderator: "alice", note: "context", now: 2000)
        try await store.appendAudit(AuditRecord(time: 2001, actor: "admin", action: "token.issue", subject: "user:bob"))
        try await store.appendAudit(
            AuditRecord(time: 2002, actor: "admin", action: "rules.reload", subject: "rules", details: ["files": "3"]))
    }

    @Test func verdictsAndActionsAreRecordedAndChained() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        let entries = try await store.auditEntries(limit: 100)
        #expect(entries.map(\.id) == [1, 2, 3, 4, 5])
        #expect(entries.map(\.record.action) == ["verdict.hold", "verdict.reject", "review.approve", "token.issue", "rules.reload"])
        #expect(entries[0].record.actor == "modgate")
        #expect(entries[0].record.subject == "message:2")
        #expect(entries[0].record.rules == ["test.rule"])
        #expect(entries[1].record.reason == "test reason")
        #expect(entries[2].record.actor == "alice")
        #expect(entries[0].prevHash == String(repeating: "0", count: 64))
        for (previous, entry) in zip(entries, entries.dropFirst()) { #expect(entry.prevHash == previous.hash) }
        #expect(try await store.verifyAudit() == .intact(entries: 5))
    }

    enum Tampering: String, CaseIterable, Sendable {
        case editReason, deleteRow, swapIDs
    }

    @Test(arguments: Tampering.allCases)
    func verifyNamesTheFirstTamperedEntry(tampering: Tampering) async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        #expect(try await store.verifyAudit().isIntact)

        // The append-only triggers stop mistakes, not someone with the file: drop them first.
        let dropTriggers = """
            DROP TRIGGER audit_entries_append_only_update; DROP TRIGGER audit_entries_append_only_delete;
            """
        let expected: AuditVerification
        switch tampering {
        case .editReason:
            try database.tamper(dropTriggers + "UPDATE audit_entries SET reason = 'nothing to see' WHERE id = 3")
            expected = .broken(entryID: 3, problem: .altered)
        case .deleteRow:
            try database.tamper(dropTriggers + "DELETE FROM audit_entries WHERE id = 3")
            expected = .broken(entryID: 4, problem: .unlinked(previous: 2))
        case .swapIDs:
            try database.tamper(
                dropTriggers + """
                    UPDATE audit_entries SET id = -2 WHERE id = 2;
                    UPDATE audit_entries SET id = 2 WHERE id = 3;
                    UPDATE audit_entries SET id = 3 WHERE id = -2;
                    """)
            expected = .broken(entryID: 2, problem: .unlinked(previous: 1))
        }
        #expect(try await store.verifyAudit() == expected)
        // Offline, as `modgate audit verify --db FILE` would.
        let offline = try database.open(readOnly: true)
        #expect(try await offline.verifyAudit() == expected)
    }

    @Test func cuttingEntriesOutLeavesAGap() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        try database.tamper("DROP TRIGGER audit_entries_append_only_delete; DELETE FROM audit_entries WHERE id = 5")
        try await store.appendAudit(AuditRecord(time: 3000, actor: "admin", action: "rules.reload", subject: "rules"))
        #expect(try await store.verifyAudit() == .broken(entryID: 6, problem: .gap(previous: 4)))
    }

    @Test func theSchemaRefusesEditsThroughTheStore() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        try await fiveEntries(in: store)
        #expect(throws: (any Error).self) { try database.tamper("UPDATE audit_entries SET reason = 'x' WHERE id = 1") }
        #expect(throws: (any Error).self) { try database.tamper("DELETE FROM audit_entries WHERE id = 1") }
        #expect(try await store.verifyAudit() == .intact(entries: 5))
    }
}
