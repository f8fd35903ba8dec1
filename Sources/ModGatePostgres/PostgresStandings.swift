import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

/// Standings in the `users` table.
enum StandingRows {
    /// Upserts `standings` in one statement, leaving sanctions alone. Users are locked in sorted order, as every
    /// transaction that writes several users does, so that two nodes never deadlock.
    static func write(_ standings: [String: Standing], on connection: PostgresConnection, logger: Logger) async throws {
        guard !standings.isEmpty else { return }
        let sorted = standings.sorted { $0.key < $1.key }
        try await connection.run(
            """
            INSERT INTO users (id, trust, first_seen, updated)
            SELECT * FROM unnest(\(sorted.map(\.key))::text[], \(sorted.map(\.value.trust))::float8[],
                \(sorted.map(\.value.firstSeen))::float8[], \(sorted.map(\.value.updated))::float8[])
            ON CONFLICT (id) DO UPDATE SET trust = excluded.trust, first_seen = excluded.first_seen, updated = excluded.updated
            """,
            logger: logger)
    }

    static func load(_ user: String, from database: PostgresDatabase) async throws -> Standing? {
        try await database.read { connection in
            try await connection.row("SELECT trust, first_seen, updated FROM users WHERE id = \(user)", logger: database.logger)
                .map {
                    let (trust, firstSeen, updated) = try $0.decode((Double, Double, Double).self)
                    return Standing(trust: trust, firstSeen: firstSeen, updated: updated)
                }
        }
    }
}
