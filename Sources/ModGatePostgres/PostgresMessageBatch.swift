import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

/// The messages of one group commit and what becomes of each: a new row, or the answer to a resend.
struct MessageBatch {
    private enum Plan {
        /// A resend of a message stored before the batch.
        case original(StoredMessage)
        /// A resend of the new message at that index of the batch.
        case sameAs(Int)
        /// A new row; filled in once inserted.
        case new(StoredMessage?)
    }

    private let messages: [NewMessage]
    private var plans: [Plan]

    init(_ messages: [NewMessage]) {
        self.messages = messages
        plans = Array(repeating: .new(nil), count: messages.count)
    }

    /// Marks resends: a message whose sender stored the same `cid` within the resend window answers with that
    /// message, the first stored, whether before the batch (`originals`, by index) or earlier in it.
    mutating func resolveResends(originals: [Int: StoredMessage]) {
        var firstNew: [String: [Int]] = [:]
        for (index, message) in messages.enumerated() {
            if let original = originals[index] {
                plans[index] = .original(original)
                continue
            }
            guard let cid = message.cid else { continue }
            let key = "\(message.user)\u{0}\(cid)"
            let since = message.time - NewMessage.resendWindow
            if let earlier = firstNew[key, default: []].first(where: { messages[$0].time >= since }) {
                plans[index] = .sameAs(earlier)
            } else {
                firstNew[key, default: []].append(index)
            }
        }
    }

    /// How many new visible messages each room gets.
    var visibleCounts: [String: Int64] {
        newIndices.reduce(into: [:]) { counts, index in
            if MessageStatus(action: messages[index].verdict.action) == .delivered { counts[messages[index].room, default: 0] += 1 }
        }
    }

    /// Inserts the new messages in one statement, numbering each room's visible ones from its range in batch
    /// order, and the held ones' review items in another. Returns the new rows' ids by index.
    mutating func insert(
        numbering ranges: [String: (first: Int64, last: Int64)], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int: Int64] {
        let indices = newIndices
        guard !indices.isEmpty else { return [:] }
        var next = ranges.mapValues(\.first)
        let rows = indices.map { index in
            let message = messages[index]
            let status = MessageStatus(action: message.verdict.action)
            var seq: Int64?
            if status == .delivered {
                seq = next[message.room]
                next[message.room]! += 1
            }
            return (message: message, status: status, seq: seq)
        }
        let inserted = try await connection.rows(
            """
            INSERT INTO messages (room, seq, "user", text, cid, status, action, score, findings, created_at)
            SELECT room, NULLIF(seq, 0), "user", text, CASE WHEN has_cid THEN cid END, status, action, score, findings, created_at
            FROM unnest(
                \(rows.map(\.message.room))::text[], \(rows.map { $0.seq ?? 0 })::bigint[], \(rows.map(\.message.user))::text[],
                \(rows.map(\.message.text))::text[], \(rows.map { $0.message.cid != nil })::bool[],
                \(rows.map { $0.message.cid ?? "" })::text[], \(rows.map(\.status.rawValue))::text[],
                \(rows.map(\.message.verdict.action.rawValue))::text[], \(rows.map(\.message.verdict.score))::float8[],
                \(try rows.map { try FindingsJSON.encode($0.message.verdict.findings) })::text[],
                \(rows.map(\.message.time))::float8[]
            ) WITH ORDINALITY AS q(room, seq, "user", text, has_cid, cid, status, action, score, findings, created_at, position)
            ORDER BY position
            RETURNING id
            """,
            logger: logger)
        // Identity values are drawn in insertion order, so sorted ids follow the batch.
        let ids = try inserted.map { try $0.decode(Int64.self) }.sorted()
        var idsByIndex: [Int: Int64] = [:]
        for ((index, id), row) in zip(zip(indices, ids), rows) {
            idsByIndex[index] = id
            let message = row.message
            plans[index] = .new(
                StoredMessage(
                    id: id, room: message.room, seq: row.seq, user: message.user, text: message.text, time: message.time,
                    status: row.status, cid: message.cid, action: message.verdict.action, reason: message.verdict.reason))
        }
        try await insertReviewItems(ids: idsByIndex, on: connection, logger: logger)
        return idsByIndex
    }

    /// The audit entries of the new messages whose verdict is not allow, in batch order.
    func verdictRecords(ids: [Int: Int64]) -> [AuditRecord] {
        newIndices.compactMap { index in
            let message = messages[index]
            guard message.verdict.action != .allow, let id = ids[index] else { return nil }
            return .verdict(on: message, id: id, rules: FindingsJSON.ruleIDs(of: message.verdict.findings))
        }
    }

    /// One outcome per message, in order, once inserted.
    var outcomes: [GroupCommitWriter.Outcome] {
        plans.indices.map { index in
            switch plans[index] {
            case .original(let message): GroupCommitWriter.Outcome(message: message, new: false)
            case .sameAs(let earlier): GroupCommitWriter.Outcome(message: stored(earlier), new: false)
            case .new: GroupCommitWriter.Outcome(message: stored(index), new: true)
            }
        }
    }

    private var newIndices: [Int] {
        plans.indices.filter { if case .new = plans[$0] { true } else { false } }
    }

    private func stored(_ index: Int) -> StoredMessage {
        guard case .new(let message?) = plans[index] else { preconditionFailure("message \(index) was not inserted") }
        return message
    }

    private func insertReviewItems(ids: [Int: Int64], on connection: PostgresConnection, logger: Logger) async throws {
        let held = ids.keys.sorted().filter { messages[$0].verdict.action == .hold }
        guard !held.isEmpty else { return }
        try await connection.run(
            """
            INSERT INTO review_items (message_id, room, "user", rules, created_at)
            SELECT * FROM unnest(
                \(held.map { ids[$0]! })::bigint[], \(held.map { messages[$0].room })::text[],
                \(held.map { messages[$0].user })::text[],
                \(try held.map { try FindingsJSON.encode(strings: FindingsJSON.ruleIDs(of: messages[$0].verdict.findings)) })::text[],
                \(held.map { messages[$0].time })::float8[])
            """,
            logger: logger)
    }
}
