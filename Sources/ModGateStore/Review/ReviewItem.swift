import Foundation
import GRDB

/// Where a review item stands.
public enum ReviewStatus: String, Sendable, Codable, CaseIterable {
    case pending, approved, rejected
}

/// A held message waiting for (or decided by) a moderator.
public struct ReviewItem: Sendable, Equatable {
    /// The held message's id; the review item's id too.
    public var messageID: Int64
    public var room: String
    public var user: String
    /// The message as the sender wrote it.
    public var text: String
    /// The rule ids that held it.
    public var rules: [String]
    public var status: ReviewStatus
    /// The moderator holding the item, while `claimExpires` is in the future.
    public var claimedBy: String?
    public var claimExpires: Double?
    public var decidedBy: String?
    public var decidedAt: Double?
    public var note: String?
    /// When the message arrived.
    public var createdAt: Double
}

extension ReviewItem {
    static let select = """
        SELECT r.*, m.text FROM review_items r JOIN messages m ON m.id = r.message_id
        """

    init(row: Row) throws {
        guard let status = ReviewStatus(rawValue: row["status"]) else {
            throw StoreError(.incompatibleSchema, "unknown review status '\(row["status"] as String)'")
        }
        self.init(
            messageID: row["message_id"], room: row["room"], user: row["user"], text: row["text"],
            rules: try FindingsJSON.decodeStrings(row["rules"]), status: status, claimedBy: row["claimed_by"],
            claimExpires: row["claim_expires"], decidedBy: row["decided_by"], decidedAt: row["decided_at"],
            note: row["note"], createdAt: row["created_at"])
    }

    static func fetch(_ db: Database, messageID: Int64) throws -> ReviewItem? {
        try Row.fetchOne(db, sql: "\(select) WHERE r.message_id = ?", arguments: [messageID]).map(ReviewItem.init(row:))
    }

    /// Throws unless a moderator other than `moderator` could not act on the item at `now`.
    func checkOpen(for moderator: String, at now: Double) throws {
        if status != .pending {
            throw StoreError(
                .alreadyDecided,
                "message \(messageID) was already \(status.rawValue) by \(decidedBy ?? "?") at \(timeText(decidedAt))")
        }
        if let holder = claimedBy, holder != moderator, let expires = claimExpires, expires > now {
            throw StoreError(
                .claimed, "message \(messageID) is claimed by \(holder) until \(timeText(expires)); pick another item")
        }
    }
}

/// A time for error messages, ISO 8601 in UTC.
func timeText(_ time: Double?) -> String {
    guard let time else { return "an unknown time" }
    return Date(timeIntervalSince1970: time).ISO8601Format()
}
