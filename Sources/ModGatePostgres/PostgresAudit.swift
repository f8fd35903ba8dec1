import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// Appends an entry for an action the store does not record by itself (token issue, rules reload).
    @discardableResult
    public func appendAudit(_ record: AuditRecord) async throws -> AuditEntry {
        try await database.transaction { connection in
            try await auditLog.append([record], on: connection, logger: database.logger)[0]
        }
    }

    /// Appends `records` in order, in one transaction.
    public func appendAudit(_ records: [AuditRecord]) async throws {
        try await database.transaction { connection in
            _ = try await auditLog.append(records, on: connection, logger: database.logger)
        }
    }

    /// Entries with an id above `id`, oldest first: `after: 0` starts at the beginning.
    public func auditEntries(after id: Int64 = 0, limit: Int) async throws -> [AuditEntry] {
        try await database.read { connection in
            try await connection.rows(
                "SELECT \(unescaped: PostgresAuditLog.columns) FROM audit_entries WHERE id > \(id) ORDER BY id LIMIT \(limit)",
                logger: database.logger
            ).map { try PostgresAuditLog.columns($0).entry() }
        }
    }

    /// Recomputes the whole chain, streaming it oldest first in one statement, and names the first entry that breaks
    /// it; with `anchor`, also that the log still holds the anchored entry unchanged.
    public func verifyAudit(anchor: AuditAnchor? = nil) async throws -> AuditVerification {
        try await database.read { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: PostgresAuditLog.columns) FROM audit_entries ORDER BY id", logger: database.logger)
            var check = AuditChainCheck(key: auditLog.key)
            var anchoredHash: String?
            for try await row in rows {
                let entry = try PostgresAuditLog.columns(row)
                if let failure = check.check(entry) { return failure }
                if entry.id == anchor?.id { anchoredHash = entry.hash }
            }
            return check.finish(anchor: anchor, anchoredHash: anchoredHash)
        }
    }

    /// The newest entry as a checkpoint, without verifying the chain; nil for an empty log.
    public func latestAuditAnchor() async throws -> AuditAnchor? {
        try await database.read { connection in
            try await connection.row("SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1", logger: database.logger)
                .map {
                    let (id, hash) = try $0.decode((Int64, String).self)
                    return AuditAnchor(id: id, hash: hash)
                }
        }
    }
}
