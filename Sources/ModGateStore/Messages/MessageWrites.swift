import GRDB
import ModGateCore
import ModGateStorage

/// The writes behind a message commit, run inside the caller's transaction.
enum MessageWrites {
    /// The message `new`'s sender already stored with the same `cid` within `NewMessage.resendWindow`, or nil.
    static func original(of new: NewMessage, in db: Database) throws -> StoredMessage? {
        guard let cid = new.cid else { return nil }
        let statement = try db.cachedStatement(
            sql: "SELECT \(MessageRows.columns) FROM messages WHERE user = ? AND cid = ? AND created_at >= ? ORDER BY id LIMIT 1")
        return try Row.fetchOne(statement, arguments: [new.user, cid, new.time - NewMessage.resendWindow]).map(MessageRows.storedMessage)
    }

    /// Takes the next sequence number of `room`: one more than the last, so visible messages have no gaps.
    static func nextSeq(_ db: Database, room: String) throws -> Int64 {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO rooms (name, last_seq) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq")
        return try Int64.fetchOne(statement, arguments: [room])!
    }

    /// Inserts `new` with its status and sequence number (taken from `seqs`), its review item when held, and
    /// its audit entry when the verdict is not allow.
    static func insert(_ new: NewMessage, seqs: inout SequenceTaker, audit: AuditLog, in db: Database) throws -> StoredMessage {
        let verdict = new.verdict
        let status = MessageStatus(action: verdict.action)
        let seq = status == .delivered ? try seqs.take(room: new.room, in: db) : nil
        try db.cachedStatement(
            sql: """
                INSERT INTO messages (room, seq, user, text, cid, status, action, score, findings, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                new.room, seq, new.user, new.text, new.cid, status.rawValue, verdict.action.rawValue,
                verdict.score, try FindingsJSON.encode(verdict.findings), new.time,
            ])
        let id = db.lastInsertedRowID
        let rules = FindingsJSON.ruleIDs(of: verdict.findings)
        if status == .held {
            try db.cachedStatement(
                sql: "INSERT INTO review_items (message_id, room, user, rules, created_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(
                arguments: [id, new.room, new.user, try FindingsJSON.encode(strings: rules), new.time])
        }
        if verdict.action != .allow {
            try audit.append(.verdict(on: new, id: id, rules: rules), in: db)
        }
        return StoredMessage(
            id: id, room: new.room, seq: seq, user: new.user, text: new.text, time: new.time,
            status: status, cid: new.cid, action: verdict.action, reason: verdict.reason)
    }
}

/// The sequence numbers one transaction takes: a room's first message of the batch takes the next number
/// from the `rooms` table, the batch's later ones count on in memory, and `finish` writes each room's last
/// number once. The single writer's transaction holds the table, so nothing takes numbers in between.
struct SequenceTaker {
    private var taken: [String: (first: Int64, last: Int64)] = [:]

    mutating func take(room: String, in db: Database) throws -> Int64 {
        if let range = taken[room] {
            taken[room] = (range.first, range.last + 1)
            return range.last + 1
        }
        let seq = try MessageWrites.nextSeq(db, room: room)
        taken[room] = (seq, seq)
        return seq
    }

    /// Records the last number taken in each room that took more than one.
    func finish(in db: Database) throws {
        for (room, range) in taken where range.last > range.first {
            try db.cachedStatement(sql: "UPDATE rooms SET last_seq = ? WHERE name = ?").execute(arguments: [range.last, room])
        }
    }
}
