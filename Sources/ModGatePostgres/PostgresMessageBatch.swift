import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

/// The messages of one group commit and what becomes of each: a new row, or the answer to a resend.
struct MessageBatch: Sendable {
    private enum Plan {
        /// Written as a new row unless the store already holds a message it resends.
        case candidate
        /// A resend of a message stored before the batch.
        case original(StoredMessage)
        /// A resend of the message at that index of the batch.
        case sameAs(Int)
        /// A new row.
        case new(StoredMessage)
    }

    private let messages: [NewMessage]
    private var plans: [Plan]

    init(_ messages: [NewMessage]) {
        self.messages = messages
        plans = Array(repeating: .candidate, count: messages.count)
        markResends()
    }

    /// Marks the candidates that resend a message of the batch: one whose sender used the same `cid` in an earlier
    /// candidate or new message, within the resend window, answers with the first such.
    private mutating func markResends() {
        var firstSent: [String: [Int]] = [:]
        for (index, message) in messages.enumerated() {
            guard let cid = message.cid else { continue }
            let candidate: Bool
            switch plans[index] {
            case .candidate: candidate = true
            case .new: candidate = false
            case .original, .sameAs: continue
            }
            let key = "\(message.user)\u{0}\(cid)"
            let since = message.time - NewMessage.resendWindow
            if candidate, let earlier = firstSent[key, default: []].first(where: { messages[$0].time >= since }) {
                plans[index] = .sameAs(earlier)
            } else {
                firstSent[key, default: []].append(index)
            }
        }
    }

    /// Whether writing the batch takes more than its one statement: audit entries or notices for shadowed messages,
    /// which must go in the same transaction.
    var needsTransaction: Bool { messages.contains { $0.verdict.action != .allow } }

    /// Writes the batch in one statement: each candidate that resends a message its sender stored within the resend
    /// window answers with that message; the others are inserted, each room's visible ones numbered in batch order
    /// from the room's next numbers, held ones with their review items; `standings` are upserted; and a `committed`
    /// notice from `node` goes out per room with new numbers (when the transaction commits).
    ///
    /// Locks in one order on every node: each room with new visible messages (sorted by name), then the users (sorted).
    mutating func write(standings: [String: Standing], node: String, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await writeCandidates(standings: standings, node: node, on: connection, logger: logger)
        while settleResendsOfResends() {
            try await writeCandidates(standings: [:], node: node, on: connection, logger: logger)
        }
    }

    /// Answers each resend of an earlier message of the batch that itself resends a stored message with that message,
    /// when it is within the resend's own window; the others become candidates again (the window lets a `cid` be
    /// used again a day later, so they are new). Returns whether any did: they need a statement of their own.
    private mutating func settleResendsOfResends() -> Bool {
        var outside = false
        for index in plans.indices {
            guard case .sameAs(let earlier) = plans[index], case .original(let original) = plans[earlier] else { continue }
            if original.time >= messages[index].time - NewMessage.resendWindow {
                plans[index] = .original(original)
            } else {
                plans[index] = .candidate
                outside = true
            }
        }
        markResends()
        return outside
    }

    /// The statement of ``write(standings:node:on:logger:)`` for the candidates.
    private mutating func writeCandidates(
        standings: [String: Standing], node: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let candidates = plans.indices.filter { if case .candidate = plans[$0] { true } else { false } }
        let rows = candidates.map { messages[$0] }
        let statuses = rows.map { MessageStatus(action: $0.verdict.action) }
        let numberedRooms = Set(zip(rows, statuses).filter { $0.1 == .delivered }.map(\.0.room)).sorted()
        let users = standings.sorted { $0.key < $1.key }
        let written = try await connection.rows(
            """
            WITH q AS (
                SELECT * FROM unnest(
                    \(rows.map(\.room))::text[], \(rows.map(\.user))::text[], \(rows.map(\.text))::text[],
                    \(rows.map { $0.cid != nil })::bool[], \(rows.map { $0.cid ?? "" })::text[], \(statuses.map(\.rawValue))::text[],
                    \(rows.map(\.verdict.action.rawValue))::text[], \(rows.map(\.verdict.score))::float8[],
                    \(try rows.map { try FindingsJSON.encode($0.verdict.findings) })::text[],
                    \(try rows.map { try FindingsJSON.encode(strings: FindingsJSON.ruleIDs(of: $0.verdict.findings)) })::text[],
                    \(rows.map(\.time))::float8[], \(rows.map { $0.time - NewMessage.resendWindow })::float8[]
                ) WITH ORDINALITY AS q(room, "user", text, has_cid, cid, status, action, score, findings, rules, created_at, since, position)
            ),
            originals AS (
                SELECT q.position, o.id FROM q CROSS JOIN LATERAL (
                    SELECT m.id FROM messages m WHERE m."user" = q."user" AND m.cid = q.cid AND m.created_at >= q.since
                    ORDER BY m.id LIMIT 1
                ) o
                WHERE q.has_cid
            ),
            fresh AS (
                SELECT q.*, nextval(pg_get_serial_sequence('messages', 'id')) AS id,
                    CASE WHEN q.status = 'delivered' THEN row_number() OVER (PARTITION BY q.room, q.status = 'delivered' ORDER BY q.position) END AS rank
                FROM q WHERE q.position NOT IN (SELECT position FROM originals)
            ),
            counts AS (SELECT room, max(rank) AS n FROM fresh WHERE rank IS NOT NULL GROUP BY room),
            taken AS (
                INSERT INTO rooms AS r (name, last_seq) SELECT room, n FROM counts ORDER BY room
                ON CONFLICT (name) DO UPDATE SET last_seq = r.last_seq + excluded.last_seq
                RETURNING name, last_seq
            ),
            placed AS (
                SELECT f.*, t.last_seq - c.n + f.rank AS seq
                FROM fresh f LEFT JOIN counts c ON c.room = f.room LEFT JOIN taken t ON t.name = f.room
            ),
            inserted AS (
                INSERT INTO messages (id, room, seq, "user", text, cid, status, action, score, findings, created_at)
                OVERRIDING SYSTEM VALUE
                SELECT id, room, seq, "user", text, CASE WHEN has_cid THEN cid END, status, action, score, findings, created_at
                FROM placed ORDER BY position
            ),
            reviewed AS (
                INSERT INTO review_items (message_id, room, "user", rules, created_at)
                SELECT id, room, "user", rules, created_at FROM placed WHERE action = 'hold' ORDER BY position
            ),
            trusted AS (
                INSERT INTO users (id, trust, first_seen, updated)
                SELECT * FROM unnest(\(users.map(\.key))::text[], \(users.map(\.value.trust))::float8[],
                    \(users.map(\.value.firstSeen))::float8[], \(users.map(\.value.updated))::float8[])
                WHERE (SELECT count(*) FROM taken) >= 0
                ORDER BY 1
                ON CONFLICT (id) DO UPDATE SET trust = excluded.trust, first_seen = excluded.first_seen, updated = excluded.updated
            ),
            notified AS (
                SELECT pg_notify(\(PostgresChannel.name), p.prefix || (t.last_seq - c.n + 1) || \(ClusterMessage.numberSeparator) || t.last_seq)
                FROM taken t JOIN counts c ON c.room = t.name
                JOIN unnest(\(numberedRooms)::text[], \(numberedRooms.map { ClusterMessage.committedPrefix(node: node, room: $0) })::text[])
                    AS p(room, prefix) ON p.room = t.name
            )
            SELECT 'new', position, id, seq FROM placed
            UNION ALL SELECT 'resend', position, id, NULL FROM originals
            UNION ALL SELECT 'notices', count(*), 0, NULL FROM notified
            """,
            logger: logger)
        var originals: [Int: Int64] = [:]
        for row in written {
            let (kind, position, id, seq) = try row.decode((String, Int64, Int64, Int64?).self)
            guard kind != "notices" else { continue }
            let index = candidates[Int(position) - 1]
            guard kind == "new" else {
                originals[index] = id
                continue
            }
            let message = messages[index]
            plans[index] = .new(
                StoredMessage(
                    id: id, room: message.room, seq: seq, user: message.user, text: message.text, time: message.time,
                    status: statuses[Int(position) - 1], cid: message.cid, action: message.verdict.action,
                    reason: message.verdict.reason))
        }
        try await resolve(originals, on: connection, logger: logger)
    }

    /// The audit entries of the new messages whose verdict is not allow, in batch order.
    var verdictRecords: [AuditRecord] {
        plans.indices.compactMap { index in
            guard case .new(let stored) = plans[index], messages[index].verdict.action != .allow else { return nil }
            return .verdict(on: messages[index], id: stored.id, rules: FindingsJSON.ruleIDs(of: messages[index].verdict.findings))
        }
    }

    /// The notices that tell the senders' other gateways about their new shadowed messages.
    var shadowedNotices: [ClusterNotice] {
        plans.compactMap { plan in
            guard case .new(let stored) = plan, stored.status == .shadowed else { return nil }
            return .shadowed(id: stored.id)
        }
    }

    /// One outcome per message, in order, once written.
    var outcomes: [GroupCommitWriter.Outcome] {
        plans.indices.map { index in
            switch plans[index] {
            case .new(let message): GroupCommitWriter.Outcome(message: message, new: true)
            case .sameAs(let earlier): GroupCommitWriter.Outcome(message: stored(earlier), new: false)
            case .original, .candidate: GroupCommitWriter.Outcome(message: stored(index), new: false)
            }
        }
    }

    private func stored(_ index: Int) -> StoredMessage {
        switch plans[index] {
        case .new(let message), .original(let message): message
        case .candidate, .sameAs: preconditionFailure("message \(index) was not written")
        }
    }

    /// Reads the messages that candidates resend (`ids` by index): resends are rare, so they cost a statement of their own.
    private mutating func resolve(_ ids: [Int: Int64], on connection: PostgresConnection, logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        let rows = try await connection.rows(
            "SELECT \(unescaped: MessageRows.columns) FROM messages WHERE id = ANY(\(Array(Set(ids.values)))::bigint[])", logger: logger)
        let found = try Dictionary(rows.map { try MessageRows.storedMessage($0) }.map { ($0.id, $0) }) { first, _ in first }
        for (index, id) in ids {
            guard let message = found[id] else { throw StoreError(.databaseFailed, "message \(id), which a resend answers with, is missing") }
            plans[index] = .original(message)
        }
    }
}
