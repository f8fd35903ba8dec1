import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// Delivered messages of `room` with a sequence number above `seq`, in sequence order.
    public func messages(in room: String, after seq: Int64, limit: Int) async throws -> [StoredMessage] {
        try await messages(
            """
            SELECT \(unescaped: MessageRows.columns) FROM messages
            WHERE room = \(room) AND seq > \(seq) AND status = 'delivered' ORDER BY seq LIMIT \(limit)
            """)
    }

    /// The numbered messages of `room` after `seq` and up to `through`, delivered or removed, in sequence order.
    public func resumePage(in room: String, after seq: Int64, through last: Int64, limit: Int) async throws -> [StoredMessage] {
        try await messages(
            """
            SELECT \(unescaped: MessageRows.columns) FROM messages
            WHERE room = \(room) AND seq > \(seq) AND seq <= \(last) AND status IN ('delivered', 'removed')
            ORDER BY seq LIMIT \(limit)
            """)
    }

    /// A resume page per range in one statement: each room's rows read by its index, at most `limit` each.
    public func resumePages(_ ranges: [ResumeRange], limit: Int) async throws -> [String: [StoredMessage]] {
        guard !ranges.isEmpty else { return [:] }
        let page = try await messages(
            """
            SELECT m.* FROM unnest(\(ranges.map(\.room))::text[], \(ranges.map(\.after))::bigint[], \(ranges.map(\.through))::bigint[])
                AS r(room, after_seq, through_seq)
            CROSS JOIN LATERAL (
                SELECT \(unescaped: MessageRows.columns) FROM messages
                WHERE messages.room = r.room AND seq > r.after_seq AND seq <= r.through_seq AND status IN ('delivered', 'removed')
                ORDER BY seq LIMIT \(limit)
            ) m
            ORDER BY m.room, m.seq
            """)
        return Dictionary(grouping: page, by: \.room)
    }

    /// The last sequence number given in `room` (0 when it has none yet).
    public func lastSeq(of room: String) async throws -> Int64 {
        try await database.read { connection in
            try await connection.row("SELECT last_seq FROM rooms WHERE name = \(room)", logger: database.logger)?
                .decode(Int64.self) ?? 0
        }
    }

    /// The last sequence number of every room.
    public func lastSequences() async throws -> [String: Int64] {
        try await database.read { connection in
            var sequences: [String: Int64] = [:]
            for row in try await connection.rows("SELECT name, last_seq FROM rooms", logger: database.logger) {
                let (name, last) = try row.decode((String, Int64).self)
                sequences[name] = last
            }
            return sequences
        }
    }

    /// The message with `id`, whatever its status.
    public func message(id: Int64) async throws -> StoredMessage? {
        try await database.read { connection in
            try await MessageRows.fetch(id, on: connection, logger: database.logger).map(MessageRows.storedMessage)
        }
    }

    /// The message with `id` with its original text, score and findings, for moderators.
    public func moderatedMessage(id: Int64) async throws -> ModeratedMessage? {
        try await database.read { connection in
            try await MessageRows.fetch(id, on: connection, logger: database.logger).map(MessageRows.moderatedMessage)
        }
    }

    /// The messages with these ids, with original text, score and findings, keyed by id; unknown ids are left out.
    public func moderatedMessages(ids: [Int64]) async throws -> [Int64: ModeratedMessage] {
        guard !ids.isEmpty else { return [:] }
        let messages = try await moderatedMessages(
            "SELECT \(unescaped: MessageRows.columns) FROM messages WHERE id = ANY(\(ids)::bigint[])")
        return Dictionary(messages.map { ($0.message.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The most recent messages of `user`, newest first, with their verdicts: for moderators.
    public func userHistory(user: String, limit: Int) async throws -> [ModeratedMessage] {
        try await moderatedMessages(
            """
            SELECT \(unescaped: MessageRows.columns) FROM messages WHERE "user" = \(user)
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """)
    }

    /// The visible messages of `room` that arrived before `time`, oldest first, at most `limit`.
    public func visibleMessages(in room: String, before time: Double, limit: Int) async throws -> [StoredMessage] {
        let newestFirst = try await messages(
            """
            SELECT \(unescaped: MessageRows.columns) FROM messages
            WHERE room = \(room) AND status = 'delivered' AND created_at <= \(time) ORDER BY seq DESC LIMIT \(limit)
            """)
        return newestFirst.reversed()
    }

    private func messages(_ query: PostgresQuery) async throws(StoreError) -> [StoredMessage] {
        try await database.read { connection in
            try await connection.rows(query, logger: database.logger).map(MessageRows.storedMessage)
        }
    }

    private func moderatedMessages(_ query: PostgresQuery) async throws(StoreError) -> [ModeratedMessage] {
        try await database.read { connection in
            try await connection.rows(query, logger: database.logger).map(MessageRows.moderatedMessage)
        }
    }
}
