import ArgumentParser
import Foundation
import Logging
import ModGateCore
import ModGatePostgres
import ModGateStorage
import ModGateStore

/// `modgate bench store`: rows/s through the store's group-commit writer beside a plain multi-row insert of the
/// same rows into the same database, turn by turn in one process.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Rows/s through the store's group-commit writer beside a plain multi-row insert of the same rows.",
        discussion: """
            Both write chat messages (room, user, text, cid, an allow verdict) into the messages table of --db, durably \
            (SQLite: synchronous FULL; PostgreSQL: the server's settings). The writer is fed by concurrent submitters, twice \
            --batch of them, so its transactions fill up; the plain insert is one statement per --batch rows, each its own \
            transaction. They take turns, --turns times each, so that both meet the same machine.
            """
    )

    @Option(help: "The database: a SQLite file (created if missing) or a postgres:// URL; it gets the benchmark's rows.")
    var db: String

    @Option(help: "Rows each writes per turn (at most 1000000).")
    var rows = 20_000

    @Option(help: "Most rows in one transaction: the writer's batch size and the plain insert's statement size.")
    var batch = 512

    @Option(help: "Turns each takes (at most 20).")
    var turns = 3

    @Option(help: "Chat messages to write: JSON lines with a \"text\" field.")
    var messages = "fixtures/chat/chitchat_20k.jsonl"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard (1...1_000_000).contains(rows) else { throw ValidationError("--rows takes 1 to 1000000, for example --rows 20000") }
        guard (1...2048).contains(batch) else { throw ValidationError("--batch takes 1 to 2048, for example --batch 512") }
        guard (1...20).contains(turns) else { throw ValidationError("--turns takes 1 to 20, for example --turns 3") }
    }

    func run() async throws {
        let texts = try loadTexts(messages).filter { (1...4096).contains($0.utf8.count) }
        guard !texts.isEmpty else { throw ValidationError("'\(messages)' has no usable \"text\" lines; pass --messages FILE") }
        let logger = Logger(label: "modgate.bench")
        let store: any GatewayStore
        let raw: any RawRowInserter
        if StoreLocation.isPostgres(db) {
            let postgres = try await PostgresStore.open(url: db, logger: logger)
            (store, raw) = (postgres, RawPostgresInserter(store: postgres, logger: logger))
        } else {
            (store, raw) = (try Store(path: db), try RawSQLiteInserter(path: db))
        }
        let writer = store.makeWriter(batchSize: batch, logger: logger) { _, _ in }
        let running = Task { try await writer.run() }
        var report = StoreBenchReport(database: store.location, rows: rows, batch: batch)
        for turn in 0..<turns {
            let rows = BenchRows(texts: texts, count: rows, turn: turn)
            let before = writer.statistics
            let storeSeconds = try await Self.timed { try await Self.submit(rows.messages(room: "bench-store"), to: writer, submitters: 2 * batch) }
            let after = writer.statistics
            let rawSeconds = try await Self.timed { try await raw.insert(rows.messages(room: "bench-raw"), batch: batch) }
            report.add(
                storeSeconds: storeSeconds, rawSeconds: rawSeconds,
                transactions: after.transactionsCommitted - before.transactionsCommitted)
        }
        running.cancel()
        try await running.value
        try await store.close()
        print(json ? jsonLine(report) : report.text)
    }

    /// Commits `messages` through `writer` from `submitters` concurrent tasks, each waiting for its ack before its next.
    private static func submit(_ messages: [NewMessage], to writer: any MessageWriter, submitters: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for first in 0..<min(submitters, messages.count) {
                group.addTask {
                    for index in stride(from: first, to: messages.count, by: submitters) { _ = try await writer.commit(messages[index]) }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func timed(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The rows of one turn: chat texts in 16 rooms from 64 users, each with a cid of its own and an allow verdict.
struct BenchRows {
    var texts: [String]
    var count: Int
    var turn: Int

    /// The rows in rooms `prefix-0` ... `prefix-15`.
    func messages(room prefix: String) -> [NewMessage] {
        let now = Date().timeIntervalSince1970
        let allow = Verdict(action: .allow, score: 0, findings: [])
        return (0..<count).map { index in
            NewMessage(
                room: "\(prefix)-\(index % 16)", user: "bench-sender-\(index % 64)", text: texts[(turn * count + index) % texts.count],
                cid: "\(turn)-\(index)-\(now)", time: now, verdict: allow)
        }
    }
}
