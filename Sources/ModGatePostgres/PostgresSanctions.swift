import ModGateCore
import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// Mutes `user` until `until` (seconds since 1970), or lifts the mute when `until` is nil; audited.
    public func mute(user: String, until: Double?, by actor: String, reason: String = "", now: Double) async throws {
        try await setSanction(user: user, .mute(until: until), "UPDATE users SET muted_until = \(until) WHERE id = \(user)", by: actor, reason: reason, now: now)
    }

    /// Bans `user`; audited.
    public func ban(user: String, by actor: String, reason: String = "", now: Double) async throws {
        try await setSanction(user: user, .ban, "UPDATE users SET banned = TRUE WHERE id = \(user)", by: actor, reason: reason, now: now)
    }

    /// Lifts the ban on `user`; audited.
    public func unban(user: String, by actor: String, reason: String = "", now: Double) async throws {
        try await setSanction(user: user, .unban, "UPDATE users SET banned = FALSE WHERE id = \(user)", by: actor, reason: reason, now: now)
    }

    /// The sanctions on `user`; none for a user never seen.
    public func sanction(of user: String) async throws -> Sanction {
        try await database.read { connection in
            try await connection.row("SELECT muted_until, banned FROM users WHERE id = \(user)", logger: database.logger).map {
                let (mutedUntil, banned) = try $0.decode((Double?, Bool).self)
                return Sanction(mutedUntil: mutedUntil, banned: banned)
            } ?? Sanction()
        }
    }

    /// Creates the user's row when missing (with the cached standing, else a new user's), runs `update` on it and
    /// audits `change`, in one transaction: the user's row lock, then the audit log; the other gateways hear of it on commit.
    private func setSanction(
        user: String, _ change: SanctionChange, _ update: PostgresQuery, by actor: String, reason: String, now: Double
    ) async throws(StoreError) {
        let standing = reputation.cachedStanding(of: user)
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.run(
                """
                INSERT INTO users (id, trust, first_seen, updated)
                VALUES (\(user), \(standing?.trust ?? CachedStandings.newUserTrust), \(standing?.firstSeen ?? now), \(standing?.updated ?? now))
                ON CONFLICT (id) DO NOTHING
                """,
                logger: logger)
            try await connection.run(update, logger: logger)
            try await auditLog.append([change.record(user: user, by: actor, reason: reason, now: now)], on: connection, logger: logger)
            let banned = if case .ban = change { true } else { false }
            try await channel.notify([.sanctioned(user: user, banned: banned)], on: connection, logger: logger)
        }
    }
}
