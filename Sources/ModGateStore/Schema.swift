import GRDB
import ModGateStorage

/// The database schema as frozen migrations. Never edit a migration once it has shipped: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-keyed-audit") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-resends") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-token-revocations") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-token-keys") { db in
            try db.execute(sql: v5)
        }
        return migrator
    }

    /// Version 1, raw SQL so that it never changes when app types do.
    private static let v1 = """
        CREATE TABLE rooms (
            name TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            room TEXT NOT NULL,
            seq INTEGER CHECK (seq > 0),
            user TEXT NOT NULL,
            text TEXT NOT NULL,
            shown_text TEXT,
            cid TEXT,
            status TEXT NOT NULL CHECK (status IN ('delivered','held','shadowed','rejected','removed')),
            action TEXT NOT NULL CHECK (action IN ('allow','redact','shadow','hold','reject')),
            score REAL NOT NULL,
            findings TEXT NOT NULL CHECK (json_valid(findings) AND json_type(findings) = 'array'),
            created_at REAL NOT NULL,
            UNIQUE (room, seq),
            CHECK ((seq IS NOT NULL) = (status IN ('delivered','removed')))
        );
        CREATE INDEX messages_by_user ON messages (user, created_at);
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            trust REAL NOT NULL CHECK (trust BETWEEN 0 AND 1),
            first_seen REAL NOT NULL,
            updated REAL NOT NULL,
            muted_until REAL,
            banned INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0, 1))
        );
        CREATE TABLE review_items (
            message_id INTEGER PRIMARY KEY REFERENCES messages(id),
            room TEXT NOT NULL,
            user TEXT NOT NULL,
            rules TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rules) AND json_type(rules) = 'array'),
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
            claimed_by TEXT,
            claim_expires REAL,
            decided_by TEXT,
            decided_at REAL,
            note TEXT,
            created_at REAL NOT NULL,
            CHECK ((claimed_by IS NULL) = (claim_expires IS NULL)),
            CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL))
        );
        CREATE INDEX review_items_by_status ON review_items (status, created_at);
        CREATE TABLE audit_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time REAL NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            reason TEXT NOT NULL,
            rules TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
            hash TEXT NOT NULL CHECK (length(hash) = 64)
        );
        CREATE TRIGGER audit_entries_append_only_update BEFORE UPDATE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
        CREATE TRIGGER audit_entries_append_only_delete BEFORE DELETE ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        """

    /// Version 2: audit entries say whether their hash is an HMAC with the audit key (1) or a plain SHA-256 that
    /// an older ModGate wrote (0, every entry that exists when this migration runs).
    private static let v2 = """
        ALTER TABLE audit_entries ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));
        """

    /// Version 3: finds a user's earlier message with the same `cid`, so that a resend stores nothing new.
    private static let v3 = """
        CREATE INDEX messages_by_user_cid ON messages (user, cid, created_at) WHERE cid IS NOT NULL;
        """

    /// Version 4: revoked tokens, every token of a user issued at or before `revoked_at` (kind `user`, subject the
    /// user id) or one token (kind `token`, subject its `jti`); rows older than the longest token lifetime are dropped.
    private static let v4 = """
        CREATE TABLE token_revocations (
            kind TEXT NOT NULL CHECK (kind IN ('user','token')),
            subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 128),
            revoked_at REAL NOT NULL,
            PRIMARY KEY (kind, subject)
        );
        CREATE INDEX token_revocations_by_time ON token_revocations (revoked_at);
        """

    /// Version 5: the keys tokens are signed with, by id (`kid`). The first key's secret is the operator's or the
    /// settings' `token.secret`, never copied here; a retired key keeps its id and loses its secret; the newest live key
    /// signs.
    private static let v5 = """
        CREATE TABLE token_keys (
            kid TEXT PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 32),
            secret BLOB CHECK (secret IS NULL OR length(secret) >= 32),
            created_at REAL NOT NULL,
            retired_at REAL,
            first INTEGER NOT NULL DEFAULT 0 CHECK (first IN (0, 1)),
            CHECK (retired_at IS NULL OR secret IS NULL)
        );
        CREATE UNIQUE INDEX token_keys_one_first ON token_keys (first) WHERE first = 1;
        """
}
