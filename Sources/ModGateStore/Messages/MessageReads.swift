import GRDB
import ModGateStorage

extension Store {
    /// Delivered messages of `room` with a sequence number above `seq`, in sequence order: what a
    /// client resuming with `since=seq` missed. Removed messages are left out.
    public func messages(in room: String, after seq: Int64, limit: Int) async throws -> [StoredMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(MessageRows.columns) FROM messages
                    WHERE room = ? AND seq > ? AND status = 'delivered' ORDER BY seq LIMIT ?
                    """,
                arguments: [room, seq, limit]
            ).map(MessageRows.storedMessage)
        }
    }

    /// The numbered messages of `room` after `seq` and up to `through`, delivered or removed, in sequence
    /// order: what a client resuming with `since=seq` shows, and what it retracts.
    public func resumePage(in room: String, after seq: Int64, through last: Int64, limit: Int) async throws -> [StoredMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(MessageRows.columns) FROM messages
                    WHERE room = ? AND seq > ? AND seq <= ? AND status IN ('delivered', 'removed') ORDER BY seq LIMIT ?
                    """,
                arguments: [room, seq, last, limit]
            ).map(MessageRows.storedMessage)
        }
    }

    /// The last sequence number given in `room` (0 when it has none yet).
    public func lastSeq(of room: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT last_seq FROM rooms WHERE name = ?", arguments: [room]) ?? 0
        }
    }

    /// The message with `id`, whatever its status.
    public func message(id: Int64) async throws -> StoredMessage? {
        try await pool.read { db in try MessageRows.fetch(db, id: id).map(MessageRows.storedMessage) }
    }

    /// The message with `id` with its original text, score and findings, for moderators.
    public func moderatedMessage(id: Int64) async throws -> ModeratedMessage? {
        try await pool.read { db in try MessageRows.fetch(db, id: id).map(MessageRows.moderatedMessage) }
    }

    /// The most recent messages of `user`, newest first, with their verdicts: for moderators.
    public func userHistory(user: String, limit: Int) async throws -> [ModeratedMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(MessageRows.columns) FROM messages WHERE user = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                arguments: [user, limit]
            ).map(MessageRows.moderatedMessage)
        }
    }
}
