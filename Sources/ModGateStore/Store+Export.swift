import Foundation
import GRDB
import ModGateStorage

/// The rows as they are on disk, for `modgate migrate`.
extension Store: StoreExporting {
    public func exportRooms() async throws -> [String: Int64] {
        try await pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, last_seq FROM rooms").map { ($0["name"], $0["last_seq"]) })
        }
    }

    public func exportSettings() async throws -> [String: Data] {
        try await pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM settings").map { ($0["key"], $0["value"]) })
        }
    }

    public func exportTokenKeys() async throws -> [StoredTokenKey] {
        try await tokenKeys()
    }

    public func exportRevocations() async throws -> Revocations {
        try await revocations(since: -.greatestFiniteMagnitude)
    }

    public func exportMessages(after id: Int64, limit: Int) async throws -> [MessageColumns] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(MessageRows.columns) FROM messages WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
                .map(MessageRows.columns)
        }
    }

    public func exportReviewItems(after messageID: Int64, limit: Int) async throws -> [StoreRows.ReviewRow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_items WHERE message_id > ? ORDER BY message_id LIMIT ?", arguments: [messageID, limit]).map {
                StoreRows.ReviewRow(
                    messageID: $0["message_id"], room: $0["room"], user: $0["user"], rules: $0["rules"], status: $0["status"],
                    claimedBy: $0["claimed_by"], claimExpires: $0["claim_expires"], decidedBy: $0["decided_by"],
                    decidedAt: $0["decided_at"], note: $0["note"], createdAt: $0["created_at"])
            }
        }
    }

    public func exportUsers(after id: String, limit: Int) async throws -> [StoreRows.User] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]).map {
                StoreRows.User(
                    id: $0["id"], trust: $0["trust"], firstSeen: $0["first_seen"], updated: $0["updated"],
                    mutedUntil: $0["muted_until"], banned: $0["banned"])
            }
        }
    }

    public func exportAudit(after id: Int64, limit: Int) async throws -> [AuditColumns] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_entries WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
                .map(AuditLog.columns)
        }
    }
}
