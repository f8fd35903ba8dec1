import Foundation
import GRDB
import ModGateStorage

extension Store {
    /// Every token key, live and retired.
    public func tokenKeys() async throws -> [StoredTokenKey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT kid, secret, created_at, retired_at, first FROM token_keys").map { row in
                StoredTokenKey(id: row["kid"], secret: row["secret"], created: row["created_at"], retired: row["retired_at"], first: row["first"])
            }
        }
    }

    /// Keeps the first key unless there is one already.
    public func keepFirstTokenKey(id: String, created: Double) async throws {
        try await transaction { db in
            try db.execute(
                sql: "INSERT INTO token_keys (kid, created_at, first) VALUES (?, ?, 1) ON CONFLICT DO NOTHING", arguments: [id, created])
        }
    }

    /// Adds `key`, which signs from now on, audited as `token.rotate`; returns when it was made (after the newest key).
    /// - Throws: `.tooManyKeys` at `maxLive` live keys.
    public func addTokenKey(_ key: StoredTokenKey, by actor: String, maxLive: Int) async throws -> Double {
        try await transaction { db in
            let live = try Int.fetchOne(db, sql: "SELECT count(*) FROM token_keys WHERE retired_at IS NULL") ?? 0
            guard live < maxLive else { throw StoredTokenKey.tooMany(maxLive) }
            let newest = try Double.fetchOne(db, sql: "SELECT max(created_at) FROM token_keys")
            let created = StoredTokenKey.creation(key.created, newest: newest)
            try db.execute(
                sql: "INSERT INTO token_keys (kid, secret, created_at) VALUES (?, ?, ?)", arguments: [key.id, key.secret, created])
            try self.auditLog.append(StoredTokenKey.record("token.rotate", of: key.id, by: actor, reason: "", now: key.created), in: db)
            return created
        }
    }

    /// Retires the live key `id` and erases its secret, audited as `token.retire`.
    /// - Throws: `.notFound` when no live key has that id; `.keyInUse` when it signs.
    public func retireTokenKey(_ id: String, by actor: String, reason: String = "", now: Double) async throws {
        try await transaction { db in
            let signing = try String.fetchOne(
                db, sql: "SELECT kid FROM token_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid DESC LIMIT 1")
            let first = try Bool.fetchOne(db, sql: "SELECT first FROM token_keys WHERE kid = ? AND retired_at IS NULL", arguments: [id])
            guard let first else { throw StoredTokenKey.notLive(id) }
            guard signing != id else { throw StoredTokenKey.signs(id) }
            try db.execute(sql: "UPDATE token_keys SET retired_at = ?, secret = NULL WHERE kid = ?", arguments: [now, id])
            if first { try db.execute(sql: "DELETE FROM settings WHERE key = 'token.secret'") }
            try self.auditLog.append(StoredTokenKey.record("token.retire", of: id, by: actor, reason: reason, now: now), in: db)
        }
    }
}
