import GRDB
import ModGateCore
import ModGateStorage

/// Mapping between `messages` rows and the message types.
enum MessageRows {
    /// The columns every message read selects.
    static let columns = "id, room, seq, user, text, shown_text, cid, status, action, score, findings, created_at"

    static func storedMessage(_ row: Row) throws -> StoredMessage { try columns(row).storedMessage() }

    static func moderatedMessage(_ row: Row) throws -> ModeratedMessage { try columns(row).moderatedMessage() }

    static func fetch(_ db: Database, id: Int64) throws -> Row? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM messages WHERE id = ?", arguments: [id])
    }

    /// A row's columns as they are on disk.
    static func columns(_ row: Row) -> MessageColumns {
        MessageColumns(
            id: row["id"], room: row["room"], seq: row["seq"], user: row["user"], text: row["text"],
            shownText: row["shown_text"], cid: row["cid"], status: row["status"], action: row["action"],
            score: row["score"], findings: row["findings"], createdAt: row["created_at"])
    }
}
