import GRDB
import ModGateStorage

extension Store {
    /// Every revocation made within ``Revocations/retention`` before `now`.
    public func revocations(now: Double) async throws -> Revocations {
        try await revocations(since: now - Revocations.retention)
    }

    /// Every revocation kept that was made at or after `oldest`.
    func revocations(since oldest: Double) async throws -> Revocations {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT kind, subject, revoked_at FROM token_revocations WHERE revoked_at >= ?", arguments: [oldest])
            return Revocations(rows.compactMap { Revocation(kind: $0["kind"], subject: $0["subject"], at: $0["revoked_at"]) })
        }
    }

    /// Keeps `revocation` (for a user, the later of it and the one kept) and audits it, in one transaction; drops the
    /// revocations older than ``Revocations/retention``.
    public func revoke(_ revocation: Revocation, by actor: String, reason: String = "", now: Double) async throws {
        let (kind, subject) = revocation.row
        try await transaction { db in
            try db.execute(sql: "DELETE FROM token_revocations WHERE revoked_at < ?", arguments: [now - Revocations.retention])
            try db.execute(
                sql: """
                    INSERT INTO token_revocations (kind, subject, revoked_at) VALUES (?, ?, ?)
                    ON CONFLICT (kind, subject) DO UPDATE SET revoked_at = max(revoked_at, excluded.revoked_at)
                    """,
                arguments: [kind, subject, revocation.time])
            try self.auditLog.append(revocation.record(by: actor, reason: reason, now: now), in: db)
        }
    }
}
