import GRDB
import ModGateStorage

extension Store {
    /// Removes a delivered message: it leaves resume reads and the caller retracts it from subscribers.
    /// It keeps its sequence number, so later messages keep theirs. Audited.
    @discardableResult
    public func remove(messageID: Int64, moderator: String, reason: String, now: Double) async throws -> StoredMessage {
        try await transaction { db in
            let message = try Self.storedMessage(db, id: messageID)
            guard message.status == .delivered else { throw StoreError.notRemovable(message) }
            try db.execute(sql: "UPDATE messages SET status = 'removed' WHERE id = ?", arguments: [messageID])
            try self.auditLog.append(.removal(of: message, by: moderator, reason: reason, now: now), in: db)
            return try Self.storedMessage(db, id: messageID)
        }
    }

    /// Claims a pending review item for `lease` seconds so no other moderator acts on it meanwhile.
    /// The holder may claim again to extend; anyone else fails with `.claimed` until the lease expires. Audited.
    @discardableResult
    public func claim(messageID: Int64, moderator: String, lease: Double, now: Double) async throws -> ReviewItem {
        try await transaction { db in
            let item = try Self.reviewItem(db, messageID: messageID)
            try item.checkOpen(for: moderator, at: now)
            try db.execute(
                sql: "UPDATE review_items SET claimed_by = ?, claim_expires = ? WHERE message_id = ?",
                arguments: [moderator, now + lease, messageID])
            try self.auditLog.append(.claim(on: item, by: moderator, until: now + lease, now: now), in: db)
            return try Self.reviewItem(db, messageID: messageID)
        }
    }

    /// Review items, oldest first, filtered by whichever of the arguments are given.
    /// `olderThan` keeps items that arrived before that time; `rule` keeps items one of whose rules it is.
    public func reviewItems(
        room: String? = nil, rule: String? = nil, user: String? = nil, olderThan: Double? = nil,
        status: ReviewStatus? = .pending, limit: Int = 100
    ) async throws -> [ReviewItem] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let room { conditions.append("r.room = ?"); arguments += [room] }
            if let rule { conditions.append("EXISTS (SELECT 1 FROM json_each(r.rules) WHERE value = ?)"); arguments += [rule] }
            if let user { conditions.append("r.user = ?"); arguments += [user] }
            if let olderThan { conditions.append("r.created_at < ?"); arguments += [olderThan] }
            if let status { conditions.append("r.status = ?"); arguments += [status.rawValue] }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(
                db, sql: "\(ReviewItem.select) \(filter) ORDER BY r.created_at, r.message_id LIMIT ?", arguments: arguments
            ).map(ReviewItem.init(row:))
        }
    }

    /// The review item of message `messageID`, if it was held.
    public func reviewItem(messageID: Int64) async throws -> ReviewItem? {
        try await pool.read { db in try ReviewItem.fetch(db, messageID: messageID) }
    }

    /// Approves or rejects a held message in one write transaction with its audit entry.
    public func decide(messageID: Int64, moderator: String, note: String?, now: Double, approve: Bool) async throws
        -> StoredMessage
    {
        try await transaction { db in
            let item = try Self.reviewItem(db, messageID: messageID)
            try item.checkOpen(for: moderator, at: now)
            let decision: ReviewStatus = approve ? .approved : .rejected
            if approve {
                let seq = try MessageWrites.nextSeq(db, room: item.room)
                try db.execute(
                    sql: "UPDATE messages SET status = 'delivered', seq = ? WHERE id = ? AND status = 'held'",
                    arguments: [seq, messageID])
            } else {
                try db.execute(
                    sql: "UPDATE messages SET status = 'rejected' WHERE id = ? AND status = 'held'", arguments: [messageID])
            }
            guard db.changesCount == 1 else { throw StoreError.noLongerHeld(messageID) }
            try db.execute(
                sql: """
                    UPDATE review_items SET status = ?, decided_by = ?, decided_at = ?, note = ?,
                        claimed_by = NULL, claim_expires = NULL
                    WHERE message_id = ?
                    """,
                arguments: [decision.rawValue, moderator, now, note, messageID])
            try self.auditLog.append(.decision(on: item, approved: approve, by: moderator, note: note, now: now), in: db)
            return try Self.storedMessage(db, id: messageID)
        }
    }

    private static func reviewItem(_ db: Database, messageID: Int64) throws -> ReviewItem {
        guard let item = try ReviewItem.fetch(db, messageID: messageID) else {
            throw StoreError.noHeldMessage(messageID)
        }
        return item
    }

    private static func storedMessage(_ db: Database, id: Int64) throws -> StoredMessage {
        guard let row = try MessageRows.fetch(db, id: id) else { throw StoreError.noMessage(id) }
        return try MessageRows.storedMessage(row)
    }
}
