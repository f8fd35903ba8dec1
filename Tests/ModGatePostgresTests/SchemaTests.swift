import Foundation
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGatePostgres

@Suite(.postgres, .timeLimit(.minutes(2)))
struct SchemaTests {
    @Test func threeNodesMigrateAFreshDatabaseAtOnceAndAgainLater() async throws {
        try await TestDatabase.with { database in
            // The nodes share one key file, made beforehand (each would otherwise race to create it).
            _ = try AuditKey.create(path: database.keyFile)
            let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
                for _ in 0..<3 { group.addTask { try await database.open(poolSize: 2) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(stores.count == 3)
            _ = try await commitInOrder([message("hello")], to: stores[0])
            #expect(try await stores[2].lastSeq(of: "lobby") == 1)
            for store in stores { try await store.close() }
            let again = try await database.open()
            #expect(try await again.lastSeq(of: "lobby") == 1)
            try await again.close()
        }
    }

    /// Three gateways starting at once on a new database each offer a secret: all three keep the same one.
    @Test func nodesKeepingASecretAtOnceAllGetTheFirstOne() async throws {
        try await TestDatabase.with { database in
            let stores = [try await database.open(), try await database.open(), try await database.open()]
            let candidates = (0..<3).map { Data(repeating: UInt8($0), count: 32) }
            let kept = try await withThrowingTaskGroup(of: Data.self) { group in
                for (store, candidate) in zip(stores, candidates) { group.addTask { try await store.keepSecret(candidate) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(kept).count == 1 && candidates.contains(kept[0]))
            #expect(try await stores[0].secret() == kept[0])
            #expect(try await stores[1].keepSecret(Data(repeating: 9, count: 32)) == kept[0])
            for store in stores { try await store.close() }
        }
    }

    @Test func aDatabaseANewerModGateMigratedIsRefused() async throws {
        try await TestDatabase.with { database in
            try await database.open().close()
            try await database.tamper("INSERT INTO schema_migrations (version, applied_at) VALUES ('v99-future', 0)")
            let error = await #expect(throws: StoreError.self) { try await database.open() }
            #expect(error?.code == .incompatibleSchema)
            #expect(error?.message.contains("v99-future") == true)
            #expect(error?.message.contains("newer modgate; upgrade modgate") == true)
        }
    }

    @Test func theAuditKeyMustBeTheOneTheLogWasKeyedWith() async throws {
        try await TestDatabase.with { database in
            let store = try await database.open()
            try await store.appendAudit(AuditRecord(time: 1, actor: "admin", action: "token.issue", subject: "user:bob"))
            try await store.close()

            let missing = await #expect(throws: StoreError.self) {
                try await database.open(keyFile: database.scratch.path("elsewhere"))
            }
            #expect(missing?.code == .auditKey)
            #expect(missing?.message.contains("is missing and the audit log") == true)

            try database.scratch.write("other-key", String(repeating: "ab", count: 32))
            #expect(chmod(database.scratch.path("other-key"), 0o600) == 0)
            let other = await #expect(throws: StoreError.self) {
                try await database.open(keyFile: database.scratch.path("other-key"))
            }
            #expect(other?.code == .auditKey)
            #expect(other?.message.contains("does not match audit entry 1") == true)
        }
    }

    @Test func anAuditKeyOthersCanReadIsRefusedUnlessAllowed() async throws {
        try await TestDatabase.with { database in
            try await database.open().close()
            #expect(chmod(database.keyFile, 0o644) == 0)
            let error = await #expect(throws: StoreError.self) { try await database.open() }
            #expect(error?.code == .unsafePermissions)
            #expect(error?.message.contains("chmod 600") == true)
            let allowed = try await PostgresStore.open(
                url: database.url, options: PostgresStoreOptions(auditKeyFile: database.keyFile, allowReadable: true),
                logger: TestServer.logger)
            try await allowed.close()
        }
    }

    @Test func aStoreNeedsAnAuditKeyFile() async throws {
        guard ProcessInfo.processInfo.environment["MODGATE_AUDIT_KEY_FILE"] == nil else { return }
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStore.open(url: "postgres://u@127.0.0.1/db", logger: TestServer.logger)
        }
        #expect(error?.code == .auditKey)
        #expect(error?.message.contains("store.audit_key or MODGATE_AUDIT_KEY_FILE") == true)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct PostgresURLTests {
    @Test func theLocationHidesThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://mod%40gate:s%3Acret@db.example:6543/chat?sslmode=require")
        #expect(url.user == "mod@gate")
        #expect(url.password == "s:cret")
        #expect(url.port == 6543)
        #expect(url.database == "chat")
        #expect(url.requireTLS)
        #expect(url.location == "postgres://mod%40gate:***@db.example:6543/chat?sslmode=require")
        #expect(!url.location.contains("cret"))
        #expect(try PostgresURL(parsing: "postgresql://gate@localhost/chat").location == "postgres://gate@localhost:5432/chat")
    }

    @Test(arguments: [
        "mysql://gate:secret@host/chat", "postgres://gate:secret@host/", "postgres://host/chat",
        "postgres://gate:secret@host/chat?sslmode=verify-full",
    ])
    func otherFormsAreRefusedWithoutThePassword(text: String) {
        let error = #expect(throws: StoreError.self) { try PostgresURL(parsing: text) }
        #expect(error?.message.contains(PostgresURL.form) == true)
        #expect(error?.message.contains("secret") == false)
    }
}
