import Foundation
import Logging
import ModGateStorage
import PostgresNIO

/// Appending to and reading the audit log inside a transaction: one chain, however many nodes append to it.
struct PostgresAuditLog: Sendable {
    /// Serialises appends across nodes. Any number, the same on every node.
    private static let appendLock: Int64 = 0x6D67_6175  // "mgau"
    static let columns = "id, time, actor, action, subject, reason, rules, details, prev_hash, hash, keyed"

    let key: AuditKey

    /// Appends `records` after the last entry, in order, each chained to the one before by an HMAC with the key.
    /// Takes the append lock until the transaction ends: after any `rooms` and `users` row locks the transaction
    /// holds, which keeps one lock order across nodes.
    @discardableResult
    func append(_ records: [AuditRecord], on connection: PostgresConnection, logger: Logger) async throws -> [AuditEntry] {
        guard !records.isEmpty else { return [] }
        try await connection.run("SELECT pg_advisory_xact_lock(\(Self.appendLock))", logger: logger)
        let last = try await connection.row("SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1", logger: logger)
            .map { try $0.decode((Int64, String).self) }
        var (id, prevHash) = last ?? (0, AuditHash.genesis)
        var entries: [AuditColumns] = []
        for record in records {
            id += 1
            let rules = try FindingsJSON.encode(strings: record.rules)
            let details = try AuditHash.encode(details: record.details)
            let hash = AuditHash.hash(
                key: key, prevHash: prevHash, id: id, time: record.time, actor: record.actor, action: record.action,
                subject: record.subject, reason: record.reason, rules: rules, details: details)
            entries.append(
                AuditColumns(
                    id: id, time: record.time, actor: record.actor, action: record.action, subject: record.subject,
                    reason: record.reason, rules: rules, details: details, prevHash: prevHash, hash: hash, keyed: true))
            prevHash = hash
        }
        try await connection.run(
            """
            INSERT INTO audit_entries (id, time, actor, action, subject, reason, rules, details, prev_hash, hash, keyed)
            SELECT *, TRUE FROM unnest(
                \(entries.map(\.id))::bigint[], \(entries.map(\.time))::float8[], \(entries.map(\.actor))::text[],
                \(entries.map(\.action))::text[], \(entries.map(\.subject))::text[], \(entries.map(\.reason))::text[],
                \(entries.map(\.rules))::text[], \(entries.map(\.details))::text[], \(entries.map(\.prevHash))::text[],
                \(entries.map(\.hash))::text[])
            """,
            logger: logger)
        return zip(entries, records).map { AuditEntry(id: $0.id, record: $1, prevHash: $0.prevHash, hash: $0.hash) }
    }

    /// A stored entry's columns as they are in the table.
    static func columns(_ row: PostgresRow) throws -> AuditColumns {
        let (id, time, actor, action, subject, reason, rules, details, prevHash, hash, keyed) = try row.decode(
            (Int64, Double, String, String, String, String, String, String, String, String, Bool).self)
        return AuditColumns(
            id: id, time: time, actor: actor, action: action, subject: subject, reason: reason, rules: rules,
            details: details, prevHash: prevHash, hash: hash, keyed: keyed)
    }
}

extension PostgresAuditLog {
    /// The audit log of `database`, keyed with the key in `keyFile`. A missing key file is created, unless the log has
    /// keyed entries (then the key is lost, which is an error); a key that does not match the newest keyed entry is refused.
    static func open(keyFile: String, database: PostgresDatabase) async throws(StoreError) -> PostgresAuditLog {
        let logger = database.logger
        let newest = try await database.read { connection in
            try await connection.row(
                "SELECT \(unescaped: columns) FROM audit_entries WHERE keyed ORDER BY id DESC LIMIT 1", logger: logger
            ).map(Self.columns)
        }
        guard FileManager.default.fileExists(atPath: keyFile) else {
            if let newest {
                throw StoreError(
                    .auditKey,
                    "the audit key file '\(keyFile)' is missing and the audit log at \(database.location) is keyed with it up to entry \(newest.id): restore the file, or name it with store.audit_key or MODGATE_AUDIT_KEY_FILE; every node must use the same file")
            }
            return PostgresAuditLog(key: try AuditKey.create(path: keyFile))
        }
        let log = PostgresAuditLog(key: try AuditKey.read(path: keyFile))
        if let newest, AuditHash.hash(key: log.key, columns: newest) != newest.hash {
            throw StoreError(
                .auditKey,
                "the audit key in '\(keyFile)' does not match audit entry \(newest.id): every node must use the same key file, or run 'modgate audit verify' if the entry was altered")
        }
        return log
    }
}
