import GRDB
import ModGateCore
import ModGateStorage
import Synchronization

/// Standings in the `users` table behind an in-memory cache, written behind.
///
/// `standing(of:)` answers from the cache and reads the table on a miss (an async read on a pool reader,
/// so no thread of the chain blocks on the database). `save` only updates the cache and marks the user dirty; the ``StoreWriter`` writes the
/// dirty standings in its next transaction (and when it stops), so a crash loses at most the trust updates
/// made since the last transaction. At most `capacity` clean standings stay cached.
public final class SQLiteReputationStore: ReputationStore {
    private struct State {
        /// Known users, and users known to be absent (nil).
        var cache: [String: Standing?] = [:]
        /// Saved but not yet written.
        var dirty: [String: Standing] = [:]
    }

    private let pool: StorePool
    private let capacity: Int
    private let state = Mutex(State())

    init(pool: StorePool, capacity: Int = 1_000_000) {
        self.pool = pool
        self.capacity = capacity
    }

    public func standing(of user: String) async -> Standing? {
        if let cached = state.withLock({ $0.cache[user] }) { return cached }
        // On a read error the user counts as new for this message and the next call reads again.
        let loaded: Standing?
        do {
            loaded = try await pool.read { db in try Self.load(user, in: db) }
        } catch {
            return nil
        }
        return state.withLock { state in
            if let cached = state.cache[user] { return cached }
            state.cache[user] = .some(loaded)
            evict(&state)
            return loaded
        }
    }

    public func save(_ standing: Standing, for user: String) {
        var standing = standing
        standing.trust = standing.trust.isNaN ? MessageContextDefaults.trust : min(1, max(0, standing.trust))
        state.withLock { state in
            state.cache[user] = .some(standing)
            state.dirty[user] = standing
            evict(&state)
        }
    }

    /// The standing in the cache, without reading the table: for use inside a write transaction.
    func cachedStanding(of user: String) -> Standing? {
        state.withLock { $0.cache[user] ?? nil }
    }

    /// The standings saved but not yet written.
    func pendingWrites() -> [String: Standing] { state.withLock { $0.dirty } }

    /// Marks `written` as on disk, unless a user was saved again meanwhile.
    func didPersist(_ written: [String: Standing]) {
        guard !written.isEmpty else { return }
        state.withLock { state in
            for (user, standing) in written where state.dirty[user] == standing { state.dirty[user] = nil }
        }
    }

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

    private static func load(_ user: String, in db: Database) throws -> Standing? {
        try Row.fetchOne(db, sql: "SELECT trust, first_seen, updated FROM users WHERE id = ?", arguments: [user]).map {
            Standing(trust: $0["trust"], firstSeen: $0["first_seen"], updated: $0["updated"])
        }
    }

    /// Forgets clean standings, down to three quarters of `capacity`, when the cache is over it.
    private func evict(_ state: inout State) {
        guard state.cache.count > capacity else { return }
        let target = capacity * 3 / 4
        for user in state.cache.keys where state.dirty[user] == nil {
            state.cache[user] = nil
            if state.cache.count <= target { break }
        }
    }
}

/// Values for users the store has to create without a standing.
enum MessageContextDefaults {
    /// Trust of a user never seen, as the chain assumes it.
    static let trust = 0.5
}
