import Foundation
import ModGateStorage
import PostgresNIO

/// `modgate migrate`'s target: rows from another store, verbatim. Each kind goes in as one JSON document per page
/// (`jsonb_to_recordset`), so a page is one statement, NULLs and all.
extension PostgresStore: StoreImporting {
    public func isEmpty() async throws -> Bool {
        try await database.read { connection in
            try await connection.row(
                """
                SELECT NOT (EXISTS (SELECT 1 FROM messages) OR EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM audit_entries)
                    OR EXISTS (SELECT 1 FROM settings) OR EXISTS (SELECT 1 FROM rooms) OR EXISTS (SELECT 1 FROM token_keys))
                """,
                logger: database.logger
            )!.decode(Bool.self)
        }
    }

    public func importRows(_ rows: StoreRows) async throws {
        let logger = database.logger
        let rooms = try Self.json(rows.rooms.map { RoomRow(name: $0.key, lastSeq: $0.value) })
        let messages = try Self.json(rows.messages)
        let reviewItems = try Self.json(rows.reviewItems)
        let users = try Self.json(rows.users)
        let audit = try Self.json(rows.audit)
        try await database.transaction { connection in
            try await connection.run(
                """
                INSERT INTO rooms (name, last_seq)
                SELECT name, last_seq FROM jsonb_to_recordset(\(rooms)::jsonb) AS r(name text, last_seq bigint)
                """,
                logger: logger)
            for (key, value) in rows.settings {
                try await connection.run("INSERT INTO settings (key, value) VALUES (\(key), \(value))", logger: logger)
            }
            for key in rows.tokenKeys {
                try await connection.run(
                    """
                    INSERT INTO token_keys (kid, secret, created_at, retired_at, first)
                    VALUES (\(key.id), \(key.secret), \(key.created), \(key.retired), \(key.first))
                    """,
                    logger: logger)
            }
            for revocation in rows.revocations.all {
                let (kind, subject) = revocation.row
                try await connection.run(
                    "INSERT INTO token_revocations (kind, subject, revoked_at) VALUES (\(kind), \(subject), \(revocation.time))",
                    logger: logger)
            }
            try await connection.run(
                """
                INSERT INTO messages (id, room, seq, "user", text, shown_text, cid, status, action, score, findings, created_at)
                OVERRIDING SYSTEM VALUE
                SELECT id, room, seq, "user", text, shown_text, cid, status, action, score, findings, created_at
                FROM jsonb_to_recordset(\(messages)::jsonb) AS r(id bigint, room text, seq bigint, "user" text, text text,
                    shown_text text, cid text, status text, action text, score float8, findings text, created_at float8)
                """,
                logger: logger)
            try await connection.run(
                """
                INSERT INTO review_items (message_id, room, "user", rules, status, claimed_by, claim_expires, decided_by, decided_at, note, created_at)
                SELECT * FROM jsonb_to_recordset(\(reviewItems)::jsonb) AS r(message_id bigint, room text, "user" text, rules text,
                    status text, claimed_by text, claim_expires float8, decided_by text, decided_at float8, note text, created_at float8)
                """,
                logger: logger)
            try await connection.run(
                """
                INSERT INTO users (id, trust, first_seen, updated, muted_until, banned)
                SELECT * FROM jsonb_to_recordset(\(users)::jsonb) AS r(id text, trust float8, first_seen float8, updated float8,
                    muted_until float8, banned boolean)
                """,
                logger: logger)
            try await connection.run(
                """
                INSERT INTO audit_entries (id, time, actor, action, subject, reason, rules, details, prev_hash, hash, keyed)
                SELECT * FROM jsonb_to_recordset(\(audit)::jsonb) AS r(id bigint, time float8, actor text, action text, subject text,
                    reason text, rules text, details text, prev_hash text, hash text, keyed boolean)
                """,
                logger: logger)
        }
    }

    public func finishImport() async throws {
        try await database.read { connection in
            try await connection.run(
                "SELECT setval(pg_get_serial_sequence('messages', 'id'), COALESCE((SELECT max(id) FROM messages), 0) + 1, false)",
                logger: database.logger)
        }
    }

    private struct RoomRow: Encodable {
        var name: String
        var lastSeq: Int64
    }

    /// `rows` as a JSON array of objects with the columns' names.
    private static func json(_ rows: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}
