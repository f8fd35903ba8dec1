import GRDB

extension Store {
    /// Appends an entry for an action the store does not record by itself (token issue, rules reload).
    @discardableResult
    public func appendAudit(_ record: AuditRecord) async throws -> AuditEntry {
        try await transaction { db in try AuditLog.append(record, in: db) }
    }

    /// Appends `records` in order, in one transaction.
    public func appendAudit(_ records: [AuditRecord]) async throws {
        try await transaction { db in
            for record in records { try AuditLog.append(record, in: db) }
        }
    }

    /// Entries with an id above `id`, oldest first: `after: 0` starts at the beginning.
    public func auditEntries(after id: Int64 = 0, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_entries WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]
            ).map(AuditLog.entry)
        }
    }

    /// Recomputes the whole chain in one read transaction and names the first entry that breaks it.
    /// Works on a store opened with `readOnly`.
    public func verifyAudit() async throws -> AuditVerification {
        try await pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT id, time, actor, action, subject, reason, rules, details, prev_hash, hash FROM audit_entries ORDER BY id"
            )
            var previous: (id: Int64, hash: String)?
            var count = 0
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                let prevHash: String = row["prev_hash"]
                guard prevHash == previous?.hash ?? AuditHash.genesis else {
                    return .broken(entryID: id, problem: .unlinked(previous: previous?.id))
                }
                let expected = AuditHash.hash(
                    prevHash: prevHash, id: id, time: row["time"], actor: row["actor"], action: row["action"],
                    subject: row["subject"], reason: row["reason"], rules: row["rules"], details: row["details"])
                guard expected == row["hash"] else { return .broken(entryID: id, problem: .altered) }
                if id != (previous?.id ?? 0) + 1 {
                    return .broken(entryID: id, problem: previous.map { .gap(previous: $0.id) } ?? .unlinked(previous: nil))
                }
                previous = (id, expected)
                count += 1
            }
            return .intact(entries: count)
        }
    }
}
