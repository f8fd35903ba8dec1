import Foundation
import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// Every token key, live and retired.
    public func tokenKeys() async throws -> [StoredTokenKey] {
        try await database.read { connection in
            try await connection.rows("SELECT kid, secret, created_at, retired_at, first FROM token_keys", logger: database.logger).map {
                let (id, secret, created, retired, first) = try $0.decode((String, Data?, Double, Double?, Bool).self)
                return StoredTokenKey(id: id, secret: secret, created: created, retired: retired, first: first)
            }
        }
    }

    /// Keeps the first key unless a gateway kept one already.
    public func keepFirstTokenKey(id: String, created: Double) async throws {
        try await database.transaction { connection in
            try await connection.run(
                "INSERT INTO token_keys (kid, created_at, first) VALUES (\(id), \(created), TRUE) ON CONFLICT DO NOTHING",
                logger: database.logger)
        }
    }

    /// Adds `key`, which signs from now on, audited as `token.rotate`; the other gateways hear of it on commit. Returns
    /// when it was made (after the newest key). - Throws: `.tooManyKeys` at `maxLive` live keys.
    public func addTokenKey(_ key: StoredTokenKey, by actor: String, maxLive: Int) async throws -> Double {
        let logger = database.logger
        return try await database.transaction { connection in
            try await Self.lockKeys(connection, logger: logger)
            let live = try await connection.row("SELECT count(*) FROM token_keys WHERE retired_at IS NULL", logger: logger)?.decode(Int.self) ?? 0
            guard live < maxLive else { throw StoredTokenKey.tooMany(maxLive) }
            let newest = try await connection.row("SELECT max(created_at) FROM token_keys", logger: logger)?.decode(Double?.self)
            let created = StoredTokenKey.creation(key.created, newest: newest)
            try await connection.run(
                "INSERT INTO token_keys (kid, secret, created_at) VALUES (\(key.id), \(key.secret), \(created))", logger: logger)
            try await auditLog.append([StoredTokenKey.record("token.rotate", of: key.id, by: actor, reason: "", now: key.created)], on: connection, logger: logger)
            try await channel.notify([.tokenKeysChanged], on: connection, logger: logger)
            return created
        }
    }

    /// Retires the live key `id` and erases its secret, audited as `token.retire`; the other gateways hear of it on
    /// commit. - Throws: `.notFound` when no live key has that id; `.keyInUse` when it signs.
    public func retireTokenKey(_ id: String, by actor: String, reason: String = "", now: Double) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            try await Self.lockKeys(connection, logger: logger)
            let signing = try await connection.row(
                "SELECT kid FROM token_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid COLLATE \"C\" DESC LIMIT 1", logger: logger)?
                .decode(String.self)
            let first = try await connection.row("SELECT first FROM token_keys WHERE kid = \(id) AND retired_at IS NULL", logger: logger)?
                .decode(Bool.self)
            guard let first else { throw StoredTokenKey.notLive(id) }
            guard signing != id else { throw StoredTokenKey.signs(id) }
            try await connection.run("UPDATE token_keys SET retired_at = \(now), secret = NULL WHERE kid = \(id)", logger: logger)
            if first { try await connection.run("DELETE FROM settings WHERE key = 'token.secret'", logger: logger) }
            try await auditLog.append([StoredTokenKey.record("token.retire", of: id, by: actor, reason: reason, now: now)], on: connection, logger: logger)
            try await channel.notify([.tokenKeysChanged], on: connection, logger: logger)
        }
    }

    /// Rotations and retirements of gateways at the same moment run one after the other, so the cap and the signing key
    /// they check stay true until they commit.
    private static func lockKeys(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("LOCK TABLE token_keys IN SHARE ROW EXCLUSIVE MODE", logger: logger)
    }
}
