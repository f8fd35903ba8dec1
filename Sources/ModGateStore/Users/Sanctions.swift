import GRDB
import ModGateCore
import ModGateStorage

extension Store {
    /// Mutes `user` until `until` (seconds since 1970), or lifts the mute when `until` is nil; audited.
    public func mute(user: String, until: Double?, by actor: String, reason: String = "", now: Double) async throws {
        try await setSanction(user: user, .mute(until: until), column: "muted_until", value: until, by: actor, reason: reason, now: now)
    }

    /// Bans `user`; audited.
    public func ban(user: String, by actor: String, reason: String = "", now: Double) async throws {
        try await setSanction(user: user, .ban, column: "banned", value: 1, by: actor, reason: reason, now: now)
    }

    /// Lifts the ban on `user`; audited.
    public func unban(user: String, by actor: String, reason: String = "", now: Double) async throws {
        try await setSanction(user: user, .unban, column: "banned", value: 0, by: actor, reason: reason, now: now)
    }

    /// The sanctions on `user`; none for a user never seen.
    public func sanction(of user: String) async throws -> Sanction {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT muted_until, banned FROM users WHERE id = ?", arguments: [user]).map {
                Sanction(mutedUntil: $0["muted_until"], banned: $0["banned"])
            } ?? Sanction()
        }
    }

    private func setSanction(
        user: String, _ change: SanctionChange, column: String, value: (any DatabaseValueConvertible & Sendable)?,
        by actor: String, reason: String, now: Double
    ) async throws {
        let standing = reputation.cachedStanding(of: user)
        try await transaction { db in
            try db.execute(
                sql: "INSERT INTO users (id, trust, first_seen, updated) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [
                    user, standing?.trust ?? CachedStandings.newUserTrust, standing?.firstSeen ?? now,
                    standing?.updated ?? now,
                ])
            try db.execute(sql: "UPDATE users SET \(column) = ? WHERE id = ?", arguments: [value, user])
            try self.auditLog.append(change.record(user: user, by: actor, reason: reason, now: now), in: db)
        }
    }
}
