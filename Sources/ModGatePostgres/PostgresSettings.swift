import Foundation
import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// The secret that signs tokens, if one was set.
    public func secret() async throws -> Data? { try await setting("token.secret") }

    /// Replaces the token secret.
    public func setSecret(_ secret: Data) async throws { try await setSetting("token.secret", secret) }

    /// Keeps `candidate` as the token secret unless a gateway kept one already; returns the one kept. The insert
    /// waits for a gateway inserting at the same moment, and the read that follows sees its secret.
    public func keepSecret(_ candidate: Data) async throws -> Data {
        try await database.transaction { connection in
            try await connection.run(
                "INSERT INTO settings (key, value) VALUES ('token.secret', \(candidate)) ON CONFLICT (key) DO NOTHING",
                logger: database.logger)
            return try await connection.row("SELECT value FROM settings WHERE key = 'token.secret'", logger: database.logger)?
                .decode(Data.self) ?? candidate
        }
    }

    /// The trained spam model, if one was stored.
    public func spamModel() async throws -> Data? { try await setting("spam.model") }

    /// Replaces the spam model; the other gateways hear of it on commit and load it.
    public func setSpamModel(_ model: Data) async throws { try await setSetting("spam.model", model, notice: .spamModelChanged) }

    private func setting(_ key: String) async throws(StoreError) -> Data? {
        try await database.read { connection in
            try await connection.row("SELECT value FROM settings WHERE key = \(key)", logger: database.logger)?
                .decode(Data.self)
        }
    }

    private func setSetting(_ key: String, _ value: Data, notice: ClusterNotice? = nil) async throws(StoreError) {
        try await database.transaction { connection in
            try await connection.run(
                """
                INSERT INTO settings (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
                logger: database.logger)
            try await channel.notify(notice.map { [$0] } ?? [], on: connection, logger: database.logger)
        }
    }
}
