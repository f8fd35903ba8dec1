import GRDB
import Logging
import ModGateCore
import ModGatePostgres
import ModGateStorage
import PostgresNIO

/// A plain insert of the benchmark's rows into the messages table, for `modgate bench store` to compare the
/// store's writer with: one multi-row statement per `batch` rows, each its own durable transaction, no lookups.
protocol RawRowInserter: Sendable {
    /// Inserts `messages` (all allowed, so all visible), numbering each room on from its highest number.
    func insert(_ messages: [NewMessage], batch: Int) async throws
}

extension RawRowInserter {
    /// Each message's number in its room, counting on from `last` (a room's highest number so far).
    func numbered(_ messages: [NewMessage], after last: [String: Int64]) -> [Int64] {
        var next = last
        return messages.map { message in
            next[message.room, default: 0] += 1
            return next[message.room]!
        }
    }
}

/// Multi-row inserts with postgres-nio on one of the store's pooled connections, outside any explicit transaction.
struct RawPostgresInserter: RawRowInserter {
    let store: PostgresStore
    let logger: Logger

    func insert(_ messages: [NewMessage], batch: Int) async throws {
        try await store.withConnection { connection in
            let rooms = Array(Set(messages.map(\.room)))
            var last: [String: Int64] = [:]
            for try await (room, seq) in try await connection.query(
                "SELECT room, max(seq) FROM messages WHERE room = ANY(\(rooms)) GROUP BY room", logger: logger
            ).decode((String, Int64).self) {
                last[room] = seq
            }
            let seqs = numbered(messages, after: last)
            for start in stride(from: 0, to: messages.count, by: batch) {
                let rows = start..<min(start + batch, messages.count)
                let chunk = messages[rows]
                try await connection.query(
                    """
                    INSERT INTO messages (room, seq, "user", text, cid, status, action, score, findings, created_at)
                    SELECT * FROM unnest(
                        \(chunk.map(\.room))::text[], \(Array(seqs[rows]))::bigint[], \(chunk.map(\.user))::text[],
                        \(chunk.map(\.text))::text[], \(chunk.map { $0.cid ?? "" })::text[], \(chunk.map { _ in "delivered" })::text[],
                        \(chunk.map(\.verdict.action.rawValue))::text[], \(chunk.map(\.verdict.score))::float8[],
                        \(chunk.map { _ in "[]" })::text[], \(chunk.map(\.time))::float8[])
                    """,
                    logger: logger
                ).collect()
            }
        }
    }
}

/// Multi-row inserts with GRDB on a connection of its own, `synchronous = FULL` as the store's default.
struct RawSQLiteInserter: RawRowInserter {
    let queue: DatabaseQueue

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    func insert(_ messages: [NewMessage], batch: Int) async throws {
        let last = try await queue.read { db in
            let rooms = Array(Set(messages.map(\.room)))
            return try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT room, max(seq) FROM messages WHERE room IN (\(databaseQuestionMarks(count: rooms.count))) GROUP BY room",
                    arguments: StatementArguments(rooms)
                ).map { ($0[0] as String, $0[1] as Int64) })
        }
        let seqs = numbered(messages, after: last)
        for start in stride(from: 0, to: messages.count, by: batch) {
            let rows = start..<min(start + batch, messages.count)
            try await queue.write { db in
                let values = Array(repeating: "(?, ?, ?, ?, ?, 'delivered', ?, ?, '[]', ?)", count: rows.count).joined(separator: ", ")
                var arguments: [(any DatabaseValueConvertible)?] = []
                for index in rows {
                    let message = messages[index]
                    arguments += [
                        message.room, seqs[index], message.user, message.text, message.cid, message.verdict.action.rawValue,
                        message.verdict.score, message.time,
                    ]
                }
                try db.cachedStatement(
                    sql: "INSERT INTO messages (room, seq, user, text, cid, status, action, score, findings, created_at) VALUES \(values)"
                ).execute(arguments: StatementArguments(arguments))
            }
        }
    }
}
