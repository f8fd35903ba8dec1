import Foundation
import Logging
import ModGateCore
import ModGateStorage
import ModGateTestSupport
import PostgresNIO
import Synchronization
import Testing

@testable import ModGatePostgres

/// The server the tests use (``TestPostgres``), for raw SQL.
enum TestServer {
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

    static func serverURL() throws -> String { try #require(TestPostgres.serverURL, "MODGATE_TEST_POSTGRES_URL is not set") }

    static let logger = Logger(label: "modgate.test.postgres")
}

extension Trait where Self == ConditionTrait {
    /// Skips the suite, saying why, when no test server was given.
    static var postgres: Self {
        .enabled(
            if: TestPostgres.isAvailable,
            "MODGATE_TEST_POSTGRES_URL is not set: run the tests under scripts/with-postgres (make test) to test the PostgreSQL store")
    }
}

/// A database of its own for one test (``TestPostgres/withDatabase(_:)``), with an audit key file in a scratch folder.
final class TestDatabase: Sendable {
    let url: String
    let name: String
    let scratch: Scratch

    private init(url: String) throws {
        self.url = url
        name = String(try #require(URLComponents(string: url)).path.dropFirst())
        scratch = try Scratch()
    }

    var keyFile: String { scratch.path("audit-key") }

    /// Creates the database, runs `body` with it and drops it, whatever `body` does.
    static func with<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        try await TestPostgres.withDatabase { url in try await body(try TestDatabase(url: url)) }
    }

    func open(poolSize: Int = 8, keyFile: String? = nil) async throws -> PostgresStore {
        try await PostgresStore.open(
            url: url, options: PostgresStoreOptions(poolSize: poolSize, auditKeyFile: keyFile ?? self.keyFile),
            logger: TestServer.logger)
    }

    /// Runs raw SQL on this database as a superuser, as someone tampering with it would.
    func tamper(_ sql: String) async throws { try await TestServer.execute(sql, database: name) }
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
    return try await whileRunning(writer.run) { try await body(writer) }
}

/// What a callback saw, in order, for a test to read.
final class Recorder<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])

    func append(_ element: Element) { elements.withLock { $0.append(element) } }

    func append(contentsOf new: [Element]) { elements.withLock { $0 += new } }

    var all: [Element] { elements.withLock { $0 } }
}
