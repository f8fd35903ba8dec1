import Foundation
import Logging
import ModGateStorage
import PostgresNIO

/// The database schema as frozen migrations, recorded in `schema_migrations`. Never edit a migration once it has
/// shipped: add a new one.
enum PostgresSchema {
    /// The migrations in the order they run, each as raw SQL statements so that it never changes when app types do.
    static let migrations: [(version: String, statements: [String])] = [
        ("v1", v1), ("v2-token-revocations", v2), ("v3-token-keys", v3),
    ]

    /// Any number, the same on every node: the migrations of nodes starting at once run one after the other.
    private static let migrationLock: Int64 = 0x6D67_6D69  // "mgmi"

    /// Brings the schema up to date in one transaction per migration, under an advisory lock.
    /// - Throws: `.incompatibleSchema` when the database holds a migration this version does not know.
    static func migrate(_ database: PostgresDatabase) async throws(StoreError) {
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.run(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)",
                logger: logger)
            let applied = try await connection.rows("SELECT version FROM schema_migrations", logger: logger)
                .map { try $0.decode(String.self) }
            let known = Set(migrations.map(\.version))
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError(
                    .incompatibleSchema,
                    "the database at \(database.location) has migration '\(unknown)', written by a newer modgate; upgrade modgate to open it")
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (\(migration.version), \(Date().timeIntervalSince1970))",
                    logger: logger)
                logger.notice("Store migrated", metadata: ["store.migration": "\(migration.version)"])
            }
        }
    }

    /// Version 1: the SQLite schema's tables, invariants and indexes, with the audit key's `keyed` from the start.
    private static let v1 = [
        """
            CREATE TABLE rooms (
                name TEXT PRIMARY KEY,
                last_seq BIGINT NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
            )
            """,
        """
            CREATE TABLE messages (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                room TEXT NOT NULL,
                seq BIGINT CHECK (seq > 0),
                "user" TEXT NOT NULL,
                text TEXT NOT NULL,
                shown_text TEXT,
                cid TEXT,
                status TEXT NOT NULL CHECK (status IN ('delivered','held','shadowed','rejected','removed')),
                action TEXT NOT NULL CHECK (action IN ('allow','redact','shadow','hold','reject')),
                score DOUBLE PRECISION NOT NULL,
                findings TEXT NOT NULL CHECK (jsonb_typeof(findings::jsonb) = 'array'),
                created_at DOUBLE PRECISION NOT NULL,
                UNIQUE (room, seq),
                CHECK ((seq IS NOT NULL) = (status IN ('delivered','removed')))
            )
            """,
        "CREATE INDEX messages_by_user ON messages (\"user\", created_at)",
        "CREATE INDEX messages_by_user_cid ON messages (\"user\", cid, created_at) WHERE cid IS NOT NULL",
        """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                trust DOUBLE PRECISION NOT NULL CHECK (trust BETWEEN 0 AND 1),
                first_seen DOUBLE PRECISION NOT NULL,
                updated DOUBLE PRECISION NOT NULL,
                muted_until DOUBLE PRECISION,
                banned BOOLEAN NOT NULL DEFAULT FALSE
            )
            """,
        """
            CREATE TABLE review_items (
                message_id BIGINT PRIMARY KEY REFERENCES messages(id),
                room TEXT NOT NULL,
                "user" TEXT NOT NULL,
                rules TEXT NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rules::jsonb) = 'array'),
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
                claimed_by TEXT,
                claim_expires DOUBLE PRECISION,
                decided_by TEXT,
                decided_at DOUBLE PRECISION,
                note TEXT,
                created_at DOUBLE PRECISION NOT NULL,
                CHECK ((claimed_by IS NULL) = (claim_expires IS NULL)),
                CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL))
            )
            """,
        "CREATE INDEX review_items_by_status ON review_items (status, created_at)",
        """
            CREATE TABLE audit_entries (
                id BIGINT PRIMARY KEY CHECK (id > 0),
                time DOUBLE PRECISION NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                reason TEXT NOT NULL,
                rules TEXT NOT NULL,
                details TEXT NOT NULL,
                prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                hash TEXT NOT NULL CHECK (length(hash) = 64),
                keyed BOOLEAN NOT NULL
            )
            """,
        """
            CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$
            """,
        """
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
            """,
        """
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
            """,
        """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value BYTEA NOT NULL
            )
            """,
    ]

    /// Version 2: revoked tokens, every token of a user issued at or before `revoked_at` (kind `user`, subject the
    /// user id) or one token (kind `token`, subject its `jti`); rows older than the longest token lifetime are dropped.
    private static let v2 = [
        """
            CREATE TABLE token_revocations (
                kind TEXT NOT NULL CHECK (kind IN ('user','token')),
                subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 128),
                revoked_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (kind, subject)
            )
            """,
        "CREATE INDEX token_revocations_by_time ON token_revocations (revoked_at)",
    ]

    /// Version 3: the keys tokens are signed with, by id (`kid`). The first key's secret is the operator's or the
    /// settings' `token.secret`, never copied here; a retired key keeps its id and loses its secret; the newest live key
    /// signs.
    private static let v3 = [
        """
            CREATE TABLE token_keys (
                kid TEXT PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 32),
                secret BYTEA CHECK (secret IS NULL OR length(secret) >= 32),
                created_at DOUBLE PRECISION NOT NULL,
                retired_at DOUBLE PRECISION,
                first BOOLEAN NOT NULL DEFAULT FALSE,
                CHECK (retired_at IS NULL OR secret IS NULL)
            )
            """,
        "CREATE UNIQUE INDEX token_keys_one_first ON token_keys (first) WHERE first",
    ]
}
