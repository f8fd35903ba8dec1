import ModGateCore
import Synchronization

/// Standings behind an in-memory cache, written behind: the reputation store of every database.
///
/// `standing(of:)` answers from the cache and loads from the database on a miss (asynchronously, so no thread
/// of the chain blocks on it). `save` only updates the cache and marks the user dirty; the store's writer
/// writes the dirty standings in its next transaction (and when it stops), so a crash loses at most the trust
/// updates made since the last transaction. At most `capacity` clean standings stay cached.
public final class CachedStandings: ReputationStore {
    private struct State {
        /// Known users, and users known to be absent (nil).
        var cache: [String: Standing?] = [:]
        /// Saved but not yet written.
        var dirty: [String: Standing] = [:]
    }

    private let load: @Sendable (String) async throws -> Standing?
    private let capacity: Int
    private let state = Mutex(State())

    /// - Parameter load: reads one user's standing from the database.
    package init(capacity: Int = 1_000_000, load: @escaping @Sendable (String) async throws -> Standing?) {
        self.load = load
        self.capacity = capacity
    }

    public func standing(of user: String) async -> Standing? {
        if let cached = state.withLock({ $0.cache[user] }) { return cached }
        // On a read error the user counts as new for this message and the next call reads again.
        let loaded: Standing?
        do {
            loaded = try await load(user)
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
        standing.trust = standing.trust.isNaN ? Self.newUserTrust : min(1, max(0, standing.trust))
        state.withLock { state in
            state.cache[user] = .some(standing)
            state.dirty[user] = standing
            evict(&state)
        }
    }

    /// The standing in the cache, without reading the database: for use inside a write transaction.
    package func cachedStanding(of user: String) -> Standing? {
        state.withLock { $0.cache[user] ?? nil }
    }

    /// The standings saved but not yet written.
    package func pendingWrites() -> [String: Standing] { state.withLock { $0.dirty } }

    /// Marks `written` as stored, unless a user was saved again meanwhile.
    package func didPersist(_ written: [String: Standing]) {
        guard !written.isEmpty else { return }
        state.withLock { state in
            for (user, standing) in written where state.dirty[user] == standing { state.dirty[user] = nil }
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

    /// Trust of a user never seen, as the chain assumes it: what a store writes for a user it creates without a standing.
    package static let newUserTrust = 0.5
}
