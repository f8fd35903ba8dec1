import ModGateStorage
import PostgresNIO
import Testing

@testable import ModGatePostgres

@Suite(.postgres, .timeLimit(.minutes(2)))
struct RevocationTests {
    /// A revocation through A is kept (the later time of a user's), audited and heard by B when it commits; a store
    /// opened afterwards (a restarted node) reads it.
    @Test func revocationsAreKeptAuditedAndAnnounced() async throws {
        try await TestDatabase.with { database in
            let (a, b) = (try await database.open(), try await database.open())
            let heard = Recorder<ClusterEvent>()
            let listener = Task { try await b.cluster!.listen { heard.append($0) } }
            while heard.all != [.listening] { try await Task.sleep(for: .milliseconds(10)) }

            try await a.revoke(.user("mallory", at: 4000), by: "root", reason: "stolen laptop", now: 4000)
            try await a.revoke(.token(id: "AAECAwQFBgcICQoLDA0ODw", at: 4100), by: "root", reason: "", now: 4100)
            try await a.revoke(.user("mallory", at: 3000), by: "root", reason: "", now: 4200)
            let expected: [ClusterNotice] = [
                .revoked(.user("mallory", at: 4000)), .revoked(.token(id: "AAECAwQFBgcICQoLDA0ODw", at: 4100)),
                .revoked(.user("mallory", at: 3000)),
            ]
            let notices = { heard.all.compactMap { event -> ClusterNotice? in if case .message(let m) = event { m.notice } else { nil } } }
            while notices().count < 3 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(notices() == expected)
            listener.cancel()
            try await listener.value
            try await a.close()
            try await b.close()

            let reopened = try await database.open()
            #expect(
                try await reopened.revocations(now: 5000)
                    == Revocations([.user("mallory", at: 4000), .token(id: "AAECAwQFBgcICQoLDA0ODw", at: 4100)]))
            let entries = try await reopened.auditEntries(limit: 10)
            #expect(entries.map(\.record.action) == ["token.revoke", "token.revoke", "token.revoke"])
            #expect(entries.map(\.record.subject) == ["user:mallory", "token:AAECAwQFBgcICQoLDA0ODw", "user:mallory"])
            #expect(entries[0].record.reason == "stolen laptop")
            #expect(try await reopened.verifyAudit() == .intact(entries: 3))
            // Dropped once older than the longest token lifetime, with the next revocation.
            let later = 4200 + Revocations.retention
            try await reopened.revoke(.token(id: "new", at: later), by: "root", reason: "", now: later)
            #expect(try await reopened.revocations(now: later) == Revocations([.token(id: "new", at: later)]))
            let rows = try await reopened.withConnection { connection in
                try await connection.rows("SELECT subject FROM token_revocations", logger: TestServer.logger).map { try $0.decode(String.self) }
            }
            #expect(rows == ["new"])
            try await reopened.close()
        }
    }
}
