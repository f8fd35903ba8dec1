import Foundation
import GRDB

/// Appending to and reading the audit log inside a transaction.
enum AuditLog {
    /// Appends `record` after the last entry, chained to its hash. Ids follow on without gaps.
    @discardableResult
    static func append(_ record: AuditRecord, in db: Database) throws -> AuditEntry {
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1")
        let lastID: Int64 = last?["id"] ?? 0
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_entries'") ?? 0
        let id = max(lastID, sequence) + 1
        let prevHash: String = last?["hash"] ?? AuditHash.genesis
        let rules = try FindingsJSON.encode(strings: record.rules)
        let details = try encode(record.details)
        let hash = AuditHash.hash(
            prevHash: prevHash, id: id, time: record.time, actor: record.actor, action: record.action,
            subject: record.subject, reason: record.reason, rules: rules, details: details)
        try db.execute(
            sql: """
                INSERT INTO audit_entries (id, time, actor, action, subject, reason, rules, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, record.time, record.actor, record.action, record.subject, record.reason, rules, details, prevHash,
                hash,
            ])
        return AuditEntry(id: id, record: record, prevHash: prevHash, hash: hash)
    }

    static func entry(_ row: Row) throws -> AuditEntry {
        AuditEntry(
            id: row["id"],
            record: AuditRecord(
                time: row["time"], actor: row["actor"], action: row["action"], subject: row["subject"],
                reason: row["reason"], rules: try FindingsJSON.decodeStrings(row["rules"]),
                details: try JSONDecoder().decode([String: String].self, from: Data((row["details"] as String).utf8))),
            prevHash: row["prev_hash"], hash: row["hash"])
    }

    private static func encode(_ details: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }
}
