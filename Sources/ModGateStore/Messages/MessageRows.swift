import GRDB
import ModGateCore
import ModGateStorage

/// Mapping between `messages` rows and the message types.
enum MessageRows {
    /// The columns every message read selects, in the order `storedMessage(_:)` expects.
    static let columns = "id, room, seq, user, text, shown_text, cid, status, action, score, findings, created_at"

    static func storedMessage(_ row: Row) throws -> StoredMessage {
        let action = try enumValue(Action.self, row["action"])
        let findingsJSON: String = row["findings"]
        let reason: String? =
            findingsJSON == "[]"
            ? nil : Verdict(action: action, score: row["score"], findings: try FindingsJSON.decode(findingsJSON)).reason
        // `shown_text` is set only in rows written before redacted spans stopped being stored.
        let text: String = row["text"]
        return StoredMessage(
            id: row["id"], room: row["room"], seq: row["seq"], user: row["user"],
            text: row["shown_text"] ?? text, time: row["created_at"],
            status: try enumValue(MessageStatus.self, row["status"]), cid: row["cid"], action: action, reason: reason)
    }

    static func moderatedMessage(_ row: Row) throws -> ModeratedMessage {
        ModeratedMessage(
            message: try storedMessage(row), originalText: row["text"], score: row["score"],
            findings: try FindingsJSON.decode(row["findings"]))
    }

    static func fetch(_ db: Database, id: Int64) throws -> Row? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM messages WHERE id = ?", arguments: [id])
    }

    private static func enumValue<T: RawRepresentable>(_ type: T.Type, _ raw: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw StoreError(.incompatibleSchema, "unknown \(T.self) '\(raw)' in the messages table")
        }
        return value
    }
}
