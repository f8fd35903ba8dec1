import GRDB
import ModGateStorage

extension Store {
    /// The last sequence number of every room: where each room's delivery stands when the gateway starts.
    public func lastSequences() async throws -> [String: Int64] {
        try await pool.read { db in
            var sequences: [String: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT name, last_seq FROM rooms")
            while let row = try rows.next() { sequences[row["name"]] = row["last_seq"] }
            return sequences
        }
    }

    /// How many review items wait for a moderator.
    public func pendingReviewCount() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_items WHERE status = 'pending'") ?? 0
        }
    }

    /// The messages with these ids, with original text, score and findings, keyed by id; unknown ids are left out.
    public func moderatedMessages(ids: [Int64]) async throws -> [Int64: ModeratedMessage] {
        guard !ids.isEmpty else { return [:] }
        return try await pool.read { db in
            var found: [Int64: ModeratedMessage] = [:]
            // Chunks stay far below SQLite's limit on bound parameters.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT \(MessageRows.columns) FROM messages WHERE id IN (\(marks))",
                    arguments: StatementArguments(chunk))
                for row in rows {
                    let message = try MessageRows.moderatedMessage(row)
                    found[message.message.id] = message
                }
            }
            return found
        }
    }

    /// The visible messages of `room` that arrived before `time`, oldest first, at most `limit`:
    /// what the room saw just before a held message.
    public func visibleMessages(in room: String, before time: Double, limit: Int) async throws -> [StoredMessage] {
        try await pool.read { db in
            let newestFirst = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(MessageRows.columns) FROM messages
                    WHERE room = ? AND status = 'delivered' AND created_at <= ? ORDER BY seq DESC LIMIT ?
                    """,
                arguments: [room, time, limit]
            ).map(MessageRows.storedMessage)
            return Array(newestFirst.reversed())
        }
    }
}
