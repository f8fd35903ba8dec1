import Logging
import ModGateStorage
import PostgresNIO

/// Mapping between `messages` rows and the message types.
enum MessageRows {
    /// The columns every message read selects, in the order `columns(_:)` decodes them.
    static let columns = #"id, room, seq, "user", text, shown_text, cid, status, action, score, findings, created_at"#

    /// `columns`, each prefixed with `table.` for a join.
    static func columns(_ table: String) -> String {
        columns.split(separator: ", ").map { "\(table).\($0)" }.joined(separator: ", ")
    }

    static func storedMessage(_ row: PostgresRow) throws -> StoredMessage { try columns(row).storedMessage() }

    static func moderatedMessage(_ row: PostgresRow) throws -> ModeratedMessage { try columns(row).moderatedMessage() }

    /// The message with that id; with `forUpdate`, locked until the transaction ends.
    static func fetch(_ id: Int64, on connection: PostgresConnection, logger: Logger, forUpdate: Bool = false) async throws
        -> PostgresRow?
    {
        try await connection.row(
            "SELECT \(unescaped: columns) FROM messages WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")",
            logger: logger)
    }

    private static func columns(_ row: PostgresRow) throws -> MessageColumns {
        let (id, room, seq, user, text, shownText, cid, status, action, score, findings, createdAt) = try row.decode(
            (Int64, String, Int64?, String, String, String?, String?, String, String, Double, String, Double).self)
        return MessageColumns(
            id: id, room: room, seq: seq, user: user, text: text, shownText: shownText, cid: cid, status: status,
            action: action, score: score, findings: findings, createdAt: createdAt)
    }
}
