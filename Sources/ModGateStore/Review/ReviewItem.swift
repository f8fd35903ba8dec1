import GRDB
import ModGateStorage

extension ReviewItem {
    static let select = """
        SELECT r.*, m.text FROM review_items r JOIN messages m ON m.id = r.message_id
        """

    init(row: Row) throws {
        self.init(
            messageID: row["message_id"], room: row["room"], user: row["user"], text: row["text"],
            rules: try FindingsJSON.decodeStrings(row["rules"]), status: try ReviewStatus(stored: row["status"]), claimedBy: row["claimed_by"],
            claimExpires: row["claim_expires"], decidedBy: row["decided_by"], decidedAt: row["decided_at"],
            note: row["note"], createdAt: row["created_at"])
    }

    static func fetch(_ db: Database, messageID: Int64) throws -> ReviewItem? {
        try Row.fetchOne(db, sql: "\(select) WHERE r.message_id = ?", arguments: [messageID]).map(ReviewItem.init(row:))
    }
}
