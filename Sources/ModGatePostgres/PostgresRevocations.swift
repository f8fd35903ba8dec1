import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// Every revocation made within ``Revocations/retention`` before `now`.
    public func revocations(now: Double) async throws -> Revocations {
        let oldest = now - Revocations.retention
        return try await database.read { connection in
            let rows = try await connection.rows(
                "SELECT kind, subject, revoked_at FROM token_revocations WHERE revoked_at >= \(oldest)", logger: database.logger)
            return Revocations(
                try rows.compactMap { row in
                    let (kind, subject, at) = try row.decode((String, String, Double).self)
                    return Revocation(kind: kind, subject: subject, at: at)
                })
        }
    }

    /// Keeps `revocation` (for a user, the later of it and the one kept) and audits it, in one transaction that also
    /// tells the other gateways; drops the revocations older than ``Revocations/retention``.
    public func revoke(_ revocation: Revocation, by actor: String, reason: String = "", now: Double) async throws {
        let (kind, subject, at) = (revocation.row.kind, revocation.row.subject, revocation.time)
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.run("DELETE FROM token_revocations WHERE revoked_at < \(now - Revocations.retention)", logger: logger)
            try await connection.run(
                """
                INSERT INTO token_revocations (kind, subject, revoked_at) VALUES (\(kind), \(subject), \(at))
                ON CONFLICT (kind, subject) DO UPDATE SET revoked_at = GREATEST(token_revocations.revoked_at, excluded.revoked_at)
                """,
                logger: logger)
            try await auditLog.append([revocation.record(by: actor, reason: reason, now: now)], on: connection, logger: logger)
            try await channel.notify([.revoked(revocation)], on: connection, logger: logger)
        }
    }
}
