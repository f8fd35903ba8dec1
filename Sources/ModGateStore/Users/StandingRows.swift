import GRDB
import ModGateCore
import ModGateStorage

/// Standings in the `users` table.
enum StandingRows {
    /// Upserts `standings`, leaving sanctions alone.
    static func write(_ standings: [String: Standing], in db: Database) throws {
        guard !standings.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO users (id, trust, first_seen, updated) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET trust = excluded.trust, first_seen = excluded.first_seen, updated = excluded.updated
                """)
        for (user, standing) in standings {
            try statement.execute(arguments: [user, standing.trust, standing.firstSeen, standing.updated])
        }
    }

    static func load(_ user: String, in db: Database) throws -> Standing? {
        try Row.fetchOne(db, sql: "SELECT trust, first_seen, updated FROM users WHERE id = ?", arguments: [user]).map {
            Standing(trust: $0["trust"], firstSeen: $0["first_seen"], updated: $0["updated"])
        }
    }
}
