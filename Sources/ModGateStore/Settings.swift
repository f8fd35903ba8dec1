import Foundation
import GRDB
import ModGateStorage

extension Store {
    /// The secret that signs tokens, if one was set.
    public func secret() async throws -> Data? { try await setting("token.secret") }

    /// Replaces the token secret.
    public func setSecret(_ secret: Data) async throws { try await setSetting("token.secret", secret) }

    /// Keeps `candidate` as the token secret unless one is kept already; returns the one kept.
    public func keepSecret(_ candidate: Data) async throws -> Data {
        try await transaction { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES ('token.secret', ?) ON CONFLICT (key) DO NOTHING", arguments: [candidate])
            return try Data.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'token.secret'") ?? candidate
        }
    }

    /// The trained spam model, if one was stored.
    public func spamModel() async throws -> Data? { try await setting("spam.model") }

    /// Replaces the spam model.
    public func setSpamModel(_ model: Data) async throws { try await setSetting("spam.model", model) }

    private func setting(_ key: String) async throws -> Data? {
        try await pool.read { db in try Data.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) }
    }

    private func setSetting(_ key: String, _ value: Data) async throws {
        try await transaction { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }
}
