import Foundation
import GRDB
import ModGateStorage

/// Appending to and reading the audit log inside a transaction. Every entry it appends is keyed.
struct AuditLog: Sendable {
    /// The action of the entry that closes the unkeyed entries an older ModGate wrote.
    static let keyedMarker = "audit.keyed"

    /// Nil only in a store opened read-only without its key file, which appends nothing.
    let key: AuditKey?

    /// Appends `record` after the last entry, chained to its hash by an HMAC with the key. Ids follow on without gaps.
    @discardableResult
    func append(_ record: AuditRecord, in db: Database) throws -> AuditEntry {
        guard let key else { throw StoreError(.auditKey, "this store was opened without its audit key and cannot append to the audit log") }
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1")
        let lastID: Int64 = last?["id"] ?? 0
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_entries'") ?? 0
        let id = max(lastID, sequence) + 1
        let prevHash: String = last?["hash"] ?? AuditHash.genesis
        let rules = try FindingsJSON.encode(strings: record.rules)
        let details = try AuditHash.encode(details: record.details)
        let hash = AuditHash.hash(
            key: key, prevHash: prevHash, id: id, time: record.time, actor: record.actor, action: record.action,
            subject: record.subject, reason: record.reason, rules: rules, details: details)
        try db.execute(
            sql: """
                INSERT INTO audit_entries (id, time, actor, action, subject, reason, rules, details, prev_hash, hash, keyed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """,
            arguments: [
                id, record.time, record.actor, record.action, record.subject, record.reason, rules, details, prevHash,
                hash,
            ])
        return AuditEntry(id: id, record: record, prevHash: prevHash, hash: hash)
    }

    /// After entries an older ModGate wrote without a key, appends one keyed `audit.keyed` entry, whose HMAC
    /// binds them; nothing when the last entry is keyed already or the log is empty.
    func closeUnkeyedEntries(in db: Database, now: Double) throws {
        guard let last = try Row.fetchOne(db, sql: "SELECT id, keyed FROM audit_entries ORDER BY id DESC LIMIT 1"),
            last["keyed"] as Int == 0
        else { return }
        let count: Int64 = last["id"]
        try append(
            AuditRecord(
                time: now, actor: "modgate", action: Self.keyedMarker, subject: "audit",
                reason: "the audit chain is keyed from here on; the entries before were written without a key",
                details: ["unkeyed_entries": "\(count)"]),
            in: db)
    }

    /// The id of the newest keyed entry when its hash is not an HMAC with this log's key; nil when it is, or none exists.
    func lastKeyedEntryMismatch(in db: Database) throws -> Int64? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE keyed = 1 ORDER BY id DESC LIMIT 1")
        else { return nil }
        return AuditHash.hash(key: key, columns: Self.columns(row)) == row["hash"] ? nil : row["id"]
    }

    static func entry(_ row: Row) throws -> AuditEntry { try columns(row).entry() }

    /// A stored entry's columns as they are on disk.
    static func columns(_ row: Row) -> AuditColumns {
        AuditColumns(
            id: row["id"], time: row["time"], actor: row["actor"], action: row["action"], subject: row["subject"],
            reason: row["reason"], rules: row["rules"], details: row["details"], prevHash: row["prev_hash"],
            hash: row["hash"], keyed: row["keyed"] as Int == 1)
    }
}

extension AuditLog {
    /// The audit log of `pool`, keyed with the key in `keyFile`. Read-write, a missing key file is created, unless
    /// the log has keyed entries (then the key is lost, which is an error), and unkeyed entries are closed.
    /// Read-only, a missing key file leaves the keyed entries unverifiable.
    static func open(keyFile: String, pool: DatabasePool, readOnly: Bool) throws -> AuditLog {
        let exists = FileManager.default.fileExists(atPath: keyFile)
        if readOnly { return AuditLog(key: exists ? try AuditKey.read(path: keyFile) : nil) }
        let log: AuditLog
        if exists {
            log = AuditLog(key: try AuditKey.read(path: keyFile))
            if let entry = try pool.read({ db in try log.lastKeyedEntryMismatch(in: db) }) {
                throw StoreError(
                    .auditKey,
                    "the audit key in '\(keyFile)' does not match audit entry \(entry): name this database's key file, or run 'modgate audit verify' if the entry was altered")
            }
        } else {
            if let first = try pool.read({ db in try Int64.fetchOne(db, sql: "SELECT min(id) FROM audit_entries WHERE keyed = 1") }) {
                throw StoreError(
                    .auditKey,
                    "the audit key file '\(keyFile)' is missing and the audit log is keyed with it from entry \(first) on: restore the file, or name it with store.audit_key or MODGATE_AUDIT_KEY_FILE")
            }
            log = AuditLog(key: try AuditKey.create(path: keyFile))
        }
        try pool.write { db in try log.closeUnkeyedEntries(in: db, now: Date().timeIntervalSince1970) }
        return log
    }
}
