import Foundation
import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGatePostgres

@Suite(.postgres, .timeLimit(.minutes(2)))
struct AuditTests {
    @Test func twoNodesAppendingAtOnceKeepOneChain() async throws {
        try await TestDatabase.with { database in
            let nodes = [try await database.open(), try await database.open()]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await nodes[index % 2].appendAudit(
                            AuditRecord(time: Double(index), actor: "admin", action: "token.issue", subject: "user:u\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            let entries = try await nodes[0].auditEntries(limit: 200)
            #expect(entries.map(\.id) == (1...100).map { Int64($0) })
            for (previous, entry) in zip(entries, entries.dropFirst()) { #expect(entry.prevHash == previous.hash) }
            #expect(try await nodes[1].verifyAudit() == .intact(entries: 100))
            let head = try #require(try await nodes[0].auditHead())
            #expect(head.id == 100)
            #expect(try await nodes[1].verifyAudit(anchor: head) == .intact(entries: 100))
            for store in nodes { try await store.close() }
        }
    }

    @Test func theTableRefusesEditsAndVerificationFindsThemAnyway() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            try await store.appendAudit((1...5).map { AuditRecord(time: Double($0), actor: "admin", action: "rules.reload", subject: "rules") })
            await #expect(throws: (any Error).self) { try await database.tamper("UPDATE audit_entries SET reason = 'x' WHERE id = 1") }
            await #expect(throws: (any Error).self) { try await database.tamper("DELETE FROM audit_entries WHERE id = 1") }
            #expect(try await store.verifyAudit() == .intact(entries: 5))

            // The triggers stop mistakes, not a superuser: drop them, then edit and delete.
            try await database.tamper("DROP TRIGGER audit_entries_append_only ON audit_entries")
            try await database.tamper("UPDATE audit_entries SET reason = 'nothing to see' WHERE id = 3")
            #expect(try await store.verifyAudit() == .broken(entryID: 3, problem: .altered))
            try await database.tamper("DELETE FROM audit_entries WHERE id IN (3, 5)")
            #expect(try await store.verifyAudit() == .broken(entryID: 4, problem: .unlinked(previous: 2)))
            try await store.close()
        }
    }
}

@Suite(.postgres, .timeLimit(.minutes(2)))
struct SanctionAndSettingsTests {
    @Test func sanctionsAreStoredAndAudited() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            #expect(try await store.sanction(of: "bob") == Sanction())
            try await store.mute(user: "bob", until: 5000, by: "alice", reason: "cool off", now: 1000)
            try await store.ban(user: "bob", by: "alice", now: 1001)
            #expect(try await store.sanction(of: "bob") == Sanction(mutedUntil: 5000, banned: true))
            try await store.unban(user: "bob", by: "alice", now: 1002)
            try await store.mute(user: "bob", until: nil, by: "alice", now: 1003)
            #expect(try await store.sanction(of: "bob") == Sanction())
            let entries = try await store.auditEntries(limit: 10)
            #expect(entries.map(\.record.action) == ["user.mute", "user.ban", "user.unban", "user.unmute"])
            #expect(entries[0].record.details == ["until": "5000.0"])
            #expect(entries[0].record.subject == "user:bob")
            // The row the sanction created holds a new user's trust, which the standings read back.
            #expect(await store.standings.standing(of: "bob")?.trust == 0.5)
            try await store.close()
        }
    }

    @Test func trustIsWrittenBehindAndReadByAnotherNode() async throws {
        try await TestDatabase.with { database in
            let (a, b) = (try await database.open(), try await database.open())
            a.standings.save(Standing(trust: 0.9, firstSeen: 10, updated: 20), for: "carol")
            _ = try await commitInOrder([message("hi", user: "carol")], to: a)
            #expect(await b.standings.standing(of: "carol") == Standing(trust: 0.9, firstSeen: 10, updated: 20))
            a.standings.save(Standing(trust: 0.2, firstSeen: 10, updated: 30), for: "dave")
            try await a.flush()
            #expect(await b.standings.standing(of: "dave")?.trust == 0.2)
            try await a.close()
            try await b.close()
        }
    }

    @Test func settingsRoundTrip() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            #expect(try await store.secret() == nil)
            try await store.setSecret(Data([0, 1, 2, 255]))
            try await store.setSecret(Data([9, 8]))
            try await store.setSpamModel(Data("model".utf8))
            let other = try await database.open()
            #expect(try await other.secret() == Data([9, 8]))
            #expect(try await other.spamModel() == Data("model".utf8))
            try await store.close()
            try await other.close()
        }
    }
}
