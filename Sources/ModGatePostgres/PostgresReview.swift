import Logging
import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// Removes a delivered message: it leaves resume reads and keeps its sequence number. Audited.
    @discardableResult
    public func remove(messageID: Int64, moderator: String, reason: String, now: Double) async throws -> StoredMessage {
        let logger = database.logger
        return try await database.transaction { connection in
            let message = try await Self.storedMessage(messageID, on: connection, logger: logger, forUpdate: true)
            guard message.status == .delivered else { throw StoreError.notRemovable(message) }
            try await connection.run("UPDATE messages SET status = 'removed' WHERE id = \(messageID)", logger: logger)
            try await auditLog.append([.removal(of: message, by: moderator, reason: reason, now: now)], on: connection, logger: logger)
            try await channel.notify([.removed(room: message.room, id: messageID)], on: connection, logger: logger)
            return try await Self.storedMessage(messageID, on: connection, logger: logger)
        }
    }

    /// Claims a pending review item for `lease` seconds so no other moderator acts on it meanwhile.
    /// The holder may claim again to extend; anyone else fails with `.claimed` until the lease expires. Audited.
    @discardableResult
    public func claim(messageID: Int64, moderator: String, lease: Double, now: Double) async throws -> ReviewItem {
        let logger = database.logger
        return try await database.transaction { connection in
            let item = try await Self.lockedReviewItem(messageID, on: connection, logger: logger)
            try item.checkOpen(for: moderator, at: now)
            try await connection.run(
                "UPDATE review_items SET claimed_by = \(moderator), claim_expires = \(now + lease) WHERE message_id = \(messageID)",
                logger: logger)
            try await auditLog.append([.claim(on: item, by: moderator, until: now + lease, now: now)], on: connection, logger: logger)
            return try await ReviewRows.fetch(messageID, on: connection, logger: logger)!
        }
    }

    /// Review items, oldest first, filtered by whichever of the arguments are given.
    /// `olderThan` keeps items that arrived before that time; `rule` keeps items one of whose rules it is.
    public func reviewItems(
        room: String? = nil, rule: String? = nil, user: String? = nil, olderThan: Double? = nil,
        status: ReviewStatus? = .pending, limit: Int = 100
    ) async throws -> [ReviewItem] {
        try await database.read { connection in
            try await connection.rows(
                """
                \(unescaped: ReviewRows.select)
                WHERE (\(room)::text IS NULL OR r.room = \(room))
                    AND (\(rule)::text IS NULL OR r.rules::jsonb @> jsonb_build_array(\(rule)::text))
                    AND (\(user)::text IS NULL OR r."user" = \(user))
                    AND (\(olderThan)::float8 IS NULL OR r.created_at < \(olderThan))
                    AND (\(status?.rawValue)::text IS NULL OR r.status = \(status?.rawValue))
                ORDER BY r.created_at, r.message_id LIMIT \(limit)
                """,
                logger: database.logger
            ).map(ReviewRows.item)
        }
    }

    /// The review item of message `messageID`, if it was held.
    public func reviewItem(messageID: Int64) async throws -> ReviewItem? {
        try await database.read { connection in try await ReviewRows.fetch(messageID, on: connection, logger: database.logger) }
    }

    /// How many review items wait for a moderator.
    public func pendingReviewCount() async throws -> Int {
        try await database.read { connection in
            try await connection.row("SELECT COUNT(*) FROM review_items WHERE status = 'pending'", logger: database.logger)?
                .decode(Int.self) ?? 0
        }
    }

    /// Approves or rejects a held message with its audit entry; an approval's `committed` notice goes out with the
    /// transaction. Locks the review item, then (approving) the room's row, then the audit log: the order every node keeps.
    public func decide(messageID: Int64, moderator: String, note: String?, now: Double, approve: Bool) async throws(StoreError)
        -> StoredMessage
    {
        let logger = database.logger
        return try await database.transaction { connection in
            let item = try await Self.lockedReviewItem(messageID, on: connection, logger: logger)
            try item.checkOpen(for: moderator, at: now)
            let decided: [PostgresRow]
            if approve {
                let seq = try await connection.row(
                    """
                    INSERT INTO rooms AS r (name, last_seq) VALUES (\(item.room), 1)
                    ON CONFLICT (name) DO UPDATE SET last_seq = r.last_seq + 1 RETURNING last_seq
                    """,
                    logger: logger
                )!.decode(Int64.self)
                decided = try await connection.rows(
                    "UPDATE messages SET status = 'delivered', seq = \(seq) WHERE id = \(messageID) AND status = 'held' RETURNING id",
                    logger: logger)
                try await channel.notify([.committed(room: item.room, first: seq, last: seq)], on: connection, logger: logger)
            } else {
                decided = try await connection.rows(
                    "UPDATE messages SET status = 'rejected' WHERE id = \(messageID) AND status = 'held' RETURNING id",
                    logger: logger)
            }
            guard decided.count == 1 else { throw StoreError.noLongerHeld(messageID) }
            let decision: ReviewStatus = approve ? .approved : .rejected
            try await connection.run(
                """
                UPDATE review_items SET status = \(decision.rawValue), decided_by = \(moderator), decided_at = \(now),
                    note = \(note), claimed_by = NULL, claim_expires = NULL
                WHERE message_id = \(messageID)
                """,
                logger: logger)
            try await auditLog.append(
                [.decision(on: item, approved: approve, by: moderator, note: note, now: now)], on: connection, logger: logger)
            return try await Self.storedMessage(messageID, on: connection, logger: logger)
        }
    }

    /// The review item, locked until the transaction ends so that concurrent decisions and claims take turns.
    private static func lockedReviewItem(_ messageID: Int64, on connection: PostgresConnection, logger: Logger) async throws
        -> ReviewItem
    {
        guard let item = try await ReviewRows.fetch(messageID, on: connection, logger: logger, forUpdate: true) else {
            throw StoreError.noHeldMessage(messageID)
        }
        return item
    }

    private static func storedMessage(_ id: Int64, on connection: PostgresConnection, logger: Logger, forUpdate: Bool = false)
        async throws -> StoredMessage
    {
        guard let row = try await MessageRows.fetch(id, on: connection, logger: logger, forUpdate: forUpdate) else {
            throw StoreError.noMessage(id)
        }
        return try MessageRows.storedMessage(row)
    }
}

/// Mapping between `review_items` rows (with their message's text) and ``ReviewItem``.
enum ReviewRows {
    static let select = """
        SELECT r.message_id, r.room, r."user", m.text, r.rules, r.status, r.claimed_by, r.claim_expires, r.decided_by,
            r.decided_at, r.note, r.created_at
        FROM review_items r JOIN messages m ON m.id = r.message_id
        """

    static func item(_ row: PostgresRow) throws -> ReviewItem {
        let (messageID, room, user, text, rules, status, claimedBy, claimExpires, decidedBy, decidedAt, note, createdAt) =
            try row.decode(
                (Int64, String, String, String, String, String, String?, Double?, String?, Double?, String?, Double).self)
        return ReviewItem(
            messageID: messageID, room: room, user: user, text: text, rules: try FindingsJSON.decodeStrings(rules),
            status: try ReviewStatus(stored: status), claimedBy: claimedBy, claimExpires: claimExpires,
            decidedBy: decidedBy, decidedAt: decidedAt, note: note, createdAt: createdAt)
    }

    /// The review item of `messageID`; with `forUpdate`, locked until the transaction ends.
    static func fetch(_ messageID: Int64, on connection: PostgresConnection, logger: Logger, forUpdate: Bool = false)
        async throws -> ReviewItem?
    {
        try await connection.row(
            "\(unescaped: select) WHERE r.message_id = \(messageID) \(unescaped: forUpdate ? "FOR UPDATE OF r" : "")",
            logger: logger
        ).map(item)
    }
}
