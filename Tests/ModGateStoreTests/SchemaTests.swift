import Foundation
import GRDB
import ModGateCore
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateStore

@Suite struct SchemaTests {
    @Test func migrationCreatesTheSchema() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let tables = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["audit_entries", "messages", "review_items", "rooms", "settings", "users"] {
            #expect(tables.contains(table))
        }
        let journal = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let foreignKeys = try await store.pool.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == true)
    }

    @Test func schemaRejectsASeqOnAHeldMessage() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        let error = await #expect(throws: StoreError.self) {
            try await store.transaction { db in
                try db.execute(
                    sql: """
                        INSERT INTO messages (room, seq, user, text, status, action, score, findings, created_at)
                        VALUES ('r', 1, 'u', 't', 'held', 'hold', 0, '[]', 0)
                        """)
            }
        }
        #expect(error?.code == .databaseFailed)
        #expect((error?.cause as? DatabaseError)?.resultCode.primaryResultCode == .SQLITE_CONSTRAINT)
    }

    @Test func reopeningKeepsTheData() async throws {
        let database = try TemporaryDatabase()
        var store = try database.open()
        let stored = try await commitInOrder([message("hello"), message("held", action: .hold)], to: store)
        try await store.setSecret(Data("s3cret".utf8))
        try await store.setSpamModel(Data([1, 2, 3]))
        try store.close()

        store = try database.open()
        #expect(try await store.message(id: stored[0].id) == stored[0])
        #expect(try await store.message(id: stored[1].id) == stored[1])
        #expect(try await store.secret() == Data("s3cret".utf8))
        #expect(try await store.spamModel() == Data([1, 2, 3]))
        let next = try await commitInOrder([message("again")], to: store)
        #expect(next[0].seq == 2)
    }

    @Test func settingsAreAbsentUntilSet() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        #expect(try await store.secret() == nil)
        try await store.setSecret(Data("a".utf8))
        try await store.setSecret(Data("b".utf8))
        #expect(try await store.secret() == Data("b".utf8))
        #expect(try await store.spamModel() == nil)
    }

    @Test func aSecretIsKeptOnlyWhenNoneIs() async throws {
        let database = try TemporaryDatabase()
        let store = try database.open()
        #expect(try await store.keepSecret(Data("first".utf8)) == Data("first".utf8))
        #expect(try await store.keepSecret(Data("second".utf8)) == Data("first".utf8))
        #expect(try await store.secret() == Data("first".utf8))
    }
}
