import Foundation

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

    package init(messageID: Int64, room: String, user: String, text: String, rules: [String], status: ReviewStatus, claimedBy: String?, claimExpires: Double?, decidedBy: String?, decidedAt: Double?, note: String?, createdAt: Double) {
        self.messageID = messageID
        self.room = room
        self.user = user
        self.text = text
        self.rules = rules
        self.status = status
        self.claimedBy = claimedBy
        self.claimExpires = claimExpires
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
        self.createdAt = createdAt
    }
}

extension ReviewItem {
    /// Throws unless a moderator other than `moderator` could not act on the item at `now`.
    package func checkOpen(for moderator: String, at now: Double) throws {
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
package func timeText(_ time: Double?) -> String {
    guard let time else { return "an unknown time" }
    return Date(timeIntervalSince1970: time).ISO8601Format()
}
