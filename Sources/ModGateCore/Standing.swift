/// A user's trust and history as the reputation store keeps it.
public struct Standing: Sendable, Equatable {
    /// Trust in 0...1.
    public var trust: Double
    /// When the gateway first saw the user.
    public var firstSeen: Double
    /// When `trust` was last updated.
    public var updated: Double

    public init(trust: Double, firstSeen: Double, updated: Double) {
        self.trust = trust
        self.firstSeen = firstSeen
        self.updated = updated
    }
}

/// Where standings live: in memory for `modgate check`, in the database for the gateway.
public protocol ReputationStore: Sendable {
    /// The stored standing of `user`, if any. Async, so that a store may read its database without
    /// blocking the chain's threads.
    func standing(of user: String) async -> Standing?
    /// Stores `standing` for `user`.
    func save(_ standing: Standing, for user: String)
}
