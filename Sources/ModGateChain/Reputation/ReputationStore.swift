import ModGateCore
import Synchronization

/// Standings in memory, at most `capacity` users (the least recently updated are forgotten first).
public final class InMemoryReputationStore: ReputationStore {
    private let standings: Mutex<BoundedTable<String, StoredStanding>>

    public init(capacity: Int = 1_000_000) {
        standings = Mutex(BoundedTable(capacity: capacity))
    }

    public func standing(of user: String) -> Standing? { standings.withLock { $0[user]?.standing } }

    public func save(_ standing: Standing, for user: String) {
        standings.withLock { $0.set(user, StoredStanding(standing: standing), now: standing.updated) }
    }
}

/// A standing never expires by itself; when the store is full the least recently updated go first.
/// It counts as live for a century after its update: were it due at `updated`, a full store would drop
/// every standing not updated at this very second.
struct StoredStanding: Expiring {
    var standing: Standing
    var expiresAt: Double { standing.updated + 100 * 365 * 86400 }
}

/// Reads and updates standings through a store with a model.
public struct ReputationTracker: Sendable {
    public let model: ReputationModel
    public let store: any ReputationStore

    public init(model: ReputationModel, store: any ReputationStore) {
        self.model = model
        self.store = store
    }

    /// The standing of `user` at `now`; a user never seen starts at the prior.
    public func standing(of user: String, at now: Double) async -> Standing {
        guard let stored = await store.standing(of: user) else { return Standing(trust: model.prior, firstSeen: now, updated: now) }
        return model.decayed(stored, to: now)
    }

    /// Applies `event` to `user`'s standing (`current` when the caller has just read it) and stores the result.
    public func record(_ event: ReputationEvent, for user: String, at now: Double, from current: Standing? = nil) async {
        var current = current
        if current == nil { current = await standing(of: user, at: now) }
        store.save(model.applying(event, to: current!, at: now), for: user)
    }
}
