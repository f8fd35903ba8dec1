import Foundation
import Logging
import ModGateAuth
import ModGateChain
import ModGateSpam
import ModGateStorage
import Prometheus

/// What moderators do through the admin API, with its effects beyond the store: approved messages go out
/// in room order, rejected senders are told, decisions teach the spam model and move the sender's trust,
/// removals are retracted, sanctions reach the send path at once.
public final class Moderation: Sendable {
    let gateway: Gateway
    let spam: SpamModelKeeper?
    let logger: Logger

    init(gateway: Gateway, spam: SpamModelKeeper?, logger: Logger) {
        self.gateway = gateway
        self.spam = spam
        self.logger = logger
    }

    var store: any GatewayStore { gateway.store }

    /// Claims a pending item for `lease` seconds.
    public func claim(_ id: Int64, by moderator: String, lease: Double) async throws -> ReviewItem {
        try await store.claim(messageID: id, moderator: moderator, lease: lease, now: gateway.now())
    }

    /// Approves a held message and delivers it to its room with the room's next sequence number.
    public func approve(_ id: Int64, by moderator: String, note: String?) async throws -> StoredMessage {
        let now = gateway.now()
        let (store, visibility) = (store, gateway.visibility)
        // Between group commits, so the room's messages are published in the order they are numbered; and
        // to the end, once started, even if the moderator disconnects.
        let approved = try await gateway.writer.sequenced {
            let approved = try await store.approve(messageID: id, moderator: moderator, note: note, now: now)
            visibility.approved(approved)
            return approved
        }
        gateway.metrics.reviewQueue.decrement()
        spam?.learn(approved.text, isSpam: false)
        await gateway.chain.chain.reputation?.record(.approved, for: approved.user, at: now)
        logger.info("Message approved", metadata: ["message.id": "\(id)", "moderator": "\(moderator)"])
        return approved
    }

    /// Rejects a held message; its sender is told with `reason`, else the verdict's reason.
    public func reject(_ id: Int64, by moderator: String, note: String?, reason: String?) async throws -> StoredMessage {
        let now = gateway.now()
        let rejected = try await store.reject(messageID: id, moderator: moderator, note: note, now: now)
        gateway.metrics.reviewQueue.decrement()
        await gateway.visibility.rejected(rejected, reason: reason)
        spam?.learn(rejected.text, isSpam: true)
        await gateway.chain.chain.reputation?.record(.confirmedViolation, for: rejected.user, at: now)
        logger.info("Message rejected", metadata: ["message.id": "\(id)", "moderator": "\(moderator)"])
        return rejected
    }

    /// Decides `ids` one by one in id order; what fails is reported, the rest goes on.
    public func decide(_ ids: [Int64], approve: Bool, by moderator: String, note: String?, reason: String?) async
        -> (decided: [Int64], failed: [(id: Int64, error: StoreError)])
    {
        var decided: [Int64] = []
        var failed: [(id: Int64, error: StoreError)] = []
        for id in Set(ids).sorted() {
            do {
                if approve {
                    _ = try await self.approve(id, by: moderator, note: note)
                } else {
                    _ = try await reject(id, by: moderator, note: note, reason: reason)
                }
                decided.append(id)
            } catch let error as StoreError {
                failed.append((id, error))
            } catch {
                failed.append((id, StoreError(.writerStopped, "not decided: \(error)")))
            }
        }
        return (decided, failed)
    }

    /// Removes a delivered message and retracts it from every subscriber of its room.
    public func remove(_ id: Int64, by moderator: String, reason: String) async throws -> StoredMessage {
        let removed = try await store.remove(messageID: id, moderator: moderator, reason: reason, now: gateway.now())
        gateway.visibility.removed(removed)
        logger.info("Message removed", metadata: ["message.id": "\(id)", "moderator": "\(moderator)"])
        return removed
    }

    /// Mutes `user` for `seconds`; returns when the mute ends.
    public func mute(_ user: String, for seconds: Double, by moderator: String, reason: String) async throws -> Double {
        let now = gateway.now()
        let until = now + seconds
        try await store.mute(user: user, until: until, by: moderator, reason: reason, now: now)
        var sanction = try await gateway.sanctions.sanction(of: user)
        sanction.mutedUntil = until
        gateway.sanctions.set(sanction, for: user)
        await gateway.calls.end(callsOf: user, reason: "muted", by: moderator)
        return until
    }

    /// Bans `user`: their sends are refused and their connections close at once (4403).
    public func ban(_ user: String, by moderator: String, reason: String) async throws {
        try await store.ban(user: user, by: moderator, reason: reason, now: gateway.now())
        var sanction = try await gateway.sanctions.sanction(of: user)
        sanction.banned = true
        gateway.sanctions.set(sanction, for: user)
        // The other party hears why the call ended before the banned user's sockets close.
        await gateway.calls.end(callsOf: user, reason: "banned", by: moderator)
        gateway.bus.close(user: user, .banned)
    }

    /// Keeps `revocation` (audited by `admin`), then refuses its tokens here and closes their connections (4401);
    /// returns how many closed here. The store tells the other gateways sharing it, which close theirs.
    public func revoke(_ revocation: Revocation, by admin: String, reason: String) async throws -> Int {
        try await store.revoke(revocation, by: admin, reason: reason, now: revocation.time)
        let closed = gateway.revocations.apply(revocation)
        logger.notice(
            "Tokens revoked",
            metadata: ["revocation.subject": "\(revocation.row.kind):\(revocation.row.subject)", "admin": "\(admin)", "connections.closed": "\(closed)"])
        return closed
    }

    /// Makes a new token key, which signs from now on here and, through the store's notice, on the other gateways.
    /// - Throws: `.tooManyKeys` when ``TokenKeys/maxLive`` keys are live.
    public func rotateTokenKey(by admin: String) async throws -> TokenKey {
        let fresh = TokenKey.generate(now: gateway.now())
        let created = try await store.addTokenKey(
            StoredTokenKey(id: fresh.id, secret: Data(fresh.secret.bytes), created: fresh.created), by: admin, maxLive: TokenKeys.maxLive)
        try await gateway.tokenKeys.reload()
        logger.notice("Token key made", metadata: ["key.id": "\(fresh.id)", "admin": "\(admin)"])
        return TokenKey(id: fresh.id, secret: fresh.secret, created: created)
    }

    /// Retires token key `id`: its tokens are refused and their connections here close (4401); returns how many closed
    /// here. The store tells the other gateways, which close theirs.
    /// - Throws: `.notFound` for no live key `id`, `.keyInUse` for the key that signs.
    public func retireTokenKey(_ id: String, by admin: String, reason: String) async throws -> Int {
        try await store.retireTokenKey(id, by: admin, reason: reason, now: gateway.now())
        let closed = try await gateway.tokenKeys.reload()
        logger.notice("Token key retired", metadata: ["key.id": "\(id)", "admin": "\(admin)", "connections.closed": "\(closed)"])
        return closed
    }

    /// Lifts a ban and a mute.
    public func unban(_ user: String, by moderator: String, reason: String) async throws {
        let now = gateway.now()
        let current = try await store.sanction(of: user)
        try await store.unban(user: user, by: moderator, reason: reason, now: now)
        if current.mutedUntil != nil {
            try await store.mute(user: user, until: nil, by: moderator, reason: reason, now: now)
        }
        gateway.sanctions.set(Sanction(), for: user)
    }
}
