import Foundation
import Logging
import ModGateCore
import ModGateStorage
import ModGateTestSupport
import PostgresNIO
import Synchronization
import Testing

@testable import ModGatePostgres

/// The server the tests use: `MODGATE_TEST_POSTGRES_URL`, which scripts/with-postgres (and so `make test`) sets.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["MODGATE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Runs `sql` as the test role (a superuser) on `database`, through a connection of its own.
    static func execute(_ sql: String, database: String? = nil) async throws {
        var url = try PostgresURL(parsing: try serverURL())
        if let database { url.database = database }
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(), id: 0, logger: logger)
        do {
            try await connection.run(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    static func serverURL() throws -> String { try #require(url, "MODGATE_TEST_POSTGRES_URL is not set") }

    static let logger = Logger(label: "modgate.test.postgres")
}

extension Trait where Self == ConditionTrait {
    /// Skips the suite, saying why, when no test server was given.
    static var postgres: Self {
        .enabled(
            if: TestServer.url != nil,
            "MODGATE_TEST_POSTGRES_URL is not set: run the tests under scripts/with-postgres (make test) to test the PostgreSQL store")
    }
}

/// A database of its own for one test, `modgate_t_<random>`, with an audit key file in a scratch folder.
final class TestDatabase: Sendable {
    let name = "modgate_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let scratch: Scratch
    let url: String

    private init() throws {
        scratch = try Scratch()
        var components = try #require(URLComponents(string: try TestServer.serverURL()))
        components.path = "/" + name
        url = try #require(components.string)
    }

    var keyFile: String { scratch.path("audit-key") }

    /// Creates the database, runs `body` with it and drops it, whatever `body` does.
    static func with<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try TestDatabase()
        try await TestServer.execute("CREATE DATABASE \(database.name)")
        do {
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    func open(poolSize: Int = 8, keyFile: String? = nil) async throws -> PostgresStore {
        try await PostgresStore.open(
            url: url, options: PostgresStoreOptions(poolSize: poolSize, auditKeyFile: keyFile ?? self.keyFile),
            logger: TestServer.logger)
    }

    /// Runs raw SQL on this database as a superuser, as someone tampering with it would.
    func tamper(_ sql: String) async throws { try await TestServer.execute(sql, database: name) }

    private func drop() async throws { try await TestServer.execute("DROP DATABASE \(name) WITH (FORCE)") }
}

/// A verdict with one enforced finding asking for `action`.
func verdict(_ action: Action, rule: String = "test.rule", reason: String = "test reason") -> Verdict {
    guard action != .allow else { return Verdict(action: .allow, score: 0, findings: []) }
    return Verdict(
        action: action, score: 1,
        findings: [Finding(stage: "rules", rule: rule, action: action, score: 1, reason: reason, spans: [0..<2])])
}

func message(
    _ text: String, room: String = "lobby", user: String = "ann", action: Action = .allow, time: Double = 1000,
    cid: String? = nil
) -> NewMessage {
    NewMessage(room: room, user: user, text: text, cid: cid, time: time, verdict: verdict(action))
}

/// Runs `body` with a running writer of `store`, then cancels the writer and waits for it to stop.
func withWriter<T: Sendable>(
    _ store: PostgresStore, batchSize: Int = 512,
    onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void = { _, _ in },
    _ body: @Sendable (any MessageWriter) async throws -> T
) async throws -> T {
    let writer = store.makeWriter(batchSize: batchSize, logger: TestServer.logger, onCommit: onCommit)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await writer.run() }
        do {
            let result = try await body(writer)
            group.cancelAll()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Commits `messages` one after the other (each waits for the previous ack).
func commitInOrder(_ messages: [NewMessage], to store: PostgresStore) async throws -> [StoredMessage] {
    try await withWriter(store) { writer in
        var stored: [StoredMessage] = []
        for message in messages { stored.append(try await writer.commit(message)) }
        return stored
    }
}

/// What a callback saw, in order, for a test to read.
final class Recorder<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])

    func append(_ element: Element) { elements.withLock { $0.append(element) } }

    func append(contentsOf new: [Element]) { elements.withLock { $0 += new } }

    var all: [Element] { elements.withLock { $0 } }
}
