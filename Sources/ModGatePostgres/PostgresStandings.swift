import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

/// Standings in the `users` table (a group commit writes them: ``MessageBatch/write(standings:node:on:logger:)``).
enum StandingRows {
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
