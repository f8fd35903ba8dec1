import GRDB
import ModGateStorage

extension Store {
    /// Appends an entry for an action the store does not record by itself (token issue, rules reload).
    @discardableResult
    public func appendAudit(_ record: AuditRecord) async throws -> AuditEntry {
        try await transaction { db in try self.auditLog.append(record, in: db) }
    }

    /// Appends `records` in order, in one transaction.
    public func appendAudit(_ records: [AuditRecord]) async throws {
        try await transaction { db in
            for record in records { try self.auditLog.append(record, in: db) }
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

    /// Recomputes the whole chain in one read transaction and names the first entry that breaks it; with `anchor`
    /// (from ``auditHead()``), also that the log still holds the anchored entry unchanged. Works read-only.
    public func verifyAudit(anchor: AuditAnchor? = nil) async throws -> AuditVerification {
        try await pool.read { [auditLog] db in
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT id, time, actor, action, subject, reason, rules, details, prev_hash, hash, keyed FROM audit_entries ORDER BY id"
            )
            var check = AuditChainCheck(key: auditLog.key)
            var anchoredHash: String?
            while let row = try rows.next() {
                if let failure = check.check(AuditLog.columns(row)) { return failure }
                let id: Int64 = row["id"]
                if id == anchor?.id { anchoredHash = row["hash"] }
            }
            return check.finish(anchor: anchor, anchoredHash: anchoredHash)
        }
    }

    /// The newest entry as a checkpoint, without verifying the chain (the gateway logs it on start); nil for an empty log.
    public func latestAuditAnchor() async throws -> AuditAnchor? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1").map {
                AuditAnchor(id: $0["id"], hash: $0["hash"])
            }
        }
    }
}
