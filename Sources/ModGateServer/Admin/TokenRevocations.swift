import ModGateAuth
import ModGateStorage
import Synchronization

/// The token revocations in force, in memory: every token a request, an upgrade or a Socket.IO CONNECT presents is
/// checked against them without a database read, and each one applied closes this gateway's connections whose token
/// it revokes (4401). The store keeps them; the admin route and the cluster link apply them here.
public final class TokenRevocations: Sendable {
    private let current = Mutex(Revocations())
    private let bus: any RoomBus

    init(bus: any RoomBus) {
        self.bus = bus
    }

    /// Throws `token_revoked` when `identity`'s token is revoked.
    public func check(_ identity: Identity) throws(AuthError) {
        if revokes(identity) { throw AuthError.revoked }
    }

    /// Whether `identity`'s token is revoked.
    public func revokes(_ identity: Identity) -> Bool {
        current.withLock { $0.revokes(user: identity.user, tokenID: identity.tokenID, issuedAt: identity.issuedAt) }
    }

    /// Applies a revocation the store has just kept and closes the connections here whose token it revokes; how many.
    @discardableResult
    public func apply(_ revocation: Revocation) -> Int {
        current.withLock { $0.apply(revocation) }
        return closeRevoked(by: Revocations([revocation]))
    }

    /// Adds the revocations read from the store (at the start, and when the cluster channel listens again after
    /// notices may have been lost), drops those older than ``Revocations/retention`` before `now`, and closes the
    /// connections here whose token they revoke; how many.
    @discardableResult
    public func load(_ stored: Revocations, now: Double) -> Int {
        closeRevoked(by: current.withLock { current in
            current.merge(stored)
            current.drop(before: now - Revocations.retention)
            return current
        })
    }

    private func closeRevoked(by revocations: Revocations) -> Int {
        guard !revocations.isEmpty else { return 0 }
        return bus.close(where: { revocations.revokes(user: $0.user, tokenID: $0.tokenID, issuedAt: $0.issuedAt) }, .tokenRevoked)
    }
}
