import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// One group commit: `messages` and the pending trust updates in one transaction, one outcome per message.
    ///
    /// Locks in one order on every node: each room with new visible messages (sorted by name), then the users whose
    /// trust is written (sorted), then the audit log. A room's row lock, held until commit, makes its numbers
    /// visible in order; the `committed` notices (and `shadowed`, for the senders' other gateways) go out with the commit.
    func commit(_ messages: [NewMessage]) async throws(StoreError) -> [GroupCommitWriter.Outcome] {
        let standings = reputation.pendingWrites()
        let logger = database.logger
        let outcomes = try await database.transaction { connection in
            var batch = MessageBatch(messages)
            batch.resolveResends(originals: try await Self.originals(of: messages, on: connection, logger: logger))
            let ranges = try await Self.takeSeqs(batch.visibleCounts, on: connection, logger: logger)
            let ids = try await batch.insert(numbering: ranges, on: connection, logger: logger)
            try await StandingRows.write(standings, on: connection, logger: logger)
            try await auditLog.append(batch.verdictRecords(ids: ids), on: connection, logger: logger)
            let outcomes = batch.outcomes
            let committed = ranges.sorted { $0.key < $1.key }.map { ClusterNotice.committed(room: $0.key, first: $0.value.first, last: $0.value.last) }
            let shadowed = outcomes.filter { $0.new && $0.message.status == .shadowed }.map { ClusterNotice.shadowed(id: $0.message.id) }
            try await channel.notify(committed + shadowed, on: connection, logger: logger)
            return outcomes
        }
        reputation.didPersist(standings)
        return outcomes
    }

    /// For each message with a `cid`, by index, the message its sender stored earlier with that `cid` within the
    /// resend window, if any: one statement for the batch.
    private static func originals(of messages: [NewMessage], on connection: PostgresConnection, logger: Logger)
        async throws -> [Int: StoredMessage]
    {
        let resendable = messages.indices.filter { messages[$0].cid != nil }
        guard !resendable.isEmpty else { return [:] }
        let rows = try await connection.rows(
            """
            SELECT \(unescaped: MessageRows.columns("m")), q.position
            FROM unnest(\(resendable)::bigint[], \(resendable.map { messages[$0].user })::text[],
                \(resendable.map { messages[$0].cid ?? "" })::text[],
                \(resendable.map { messages[$0].time - NewMessage.resendWindow })::float8[]) AS q(position, "user", cid, since)
            CROSS JOIN LATERAL (
                SELECT * FROM messages m WHERE m."user" = q."user" AND m.cid = q.cid AND m.created_at >= q.since
                ORDER BY m.id LIMIT 1
            ) m
            """,
            logger: logger)
        var originals: [Int: StoredMessage] = [:]
        for row in rows {
            // The message's columns come first; decoding them ignores the position after them.
            originals[try row.makeRandomAccess()[12].decode(Int.self)] = try MessageRows.storedMessage(row)
        }
        return originals
    }

    /// Takes `counts[room]` numbers in each room, rooms in sorted order, and returns the range each room took.
    private static func takeSeqs(_ counts: [String: Int64], on connection: PostgresConnection, logger: Logger)
        async throws -> [String: (first: Int64, last: Int64)]
    {
        guard !counts.isEmpty else { return [:] }
        let sorted = counts.sorted { $0.key < $1.key }
        let rows = try await connection.rows(
            """
            INSERT INTO rooms AS r (name, last_seq)
            SELECT * FROM unnest(\(sorted.map(\.key))::text[], \(sorted.map(\.value))::bigint[]) ORDER BY 1
            ON CONFLICT (name) DO UPDATE SET last_seq = r.last_seq + excluded.last_seq
            RETURNING name, last_seq
            """,
            logger: logger)
        var ranges: [String: (first: Int64, last: Int64)] = [:]
        for row in rows {
            let (room, last) = try row.decode((String, Int64).self)
            ranges[room] = (last - counts[room]! + 1, last)
        }
        return ranges
    }
}
