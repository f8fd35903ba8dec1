import Foundation
import Logging
import ModGateSpam
import ModGateStorage
import Prometheus
import ServiceLifecycle

/// What the other gateways sharing the store announce, applied to this gateway: their commits reach this
/// gateway's subscribers in sequence order, their removals, shadowed messages and rejections are shown here,
/// their sanctions and token revocations close sockets here, their reloads reload here.
///
/// Commits are read back from the store by sequence number: after notices (every room announced since the last
/// read in one read, ``CatchUpTargets``), after a gap the sequencer reports, and for every followed room whenever the
/// channel (re)connects, so notices lost while it was down cost a delay, never a message.
struct ClusterLink: Service {
    let channel: any ClusterChannel
    let gateway: Gateway
    let sequencer: RoomSequencer
    let reloader: RulesReloader
    let spam: SpamModelKeeper?
    let logger: Logger
    private let pending = CatchUpTargets()

    private var metrics: ClusterMetrics { gateway.metrics.cluster }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    for await room in sequencer.gaps { await catchUp(room) }
                }
                group.addTask {
                    defer { pending.finish() }
                    try await channel.listen { event in await handle(event) }
                }
                for await _ in pending.wakeups { await follow(pending.takeAll()) }
                group.cancelAll()
            }
        }
    }

    func handle(_ event: ClusterEvent) async {
        switch event {
        case .listening:
            metrics.listening.set(to: 1)
            logger.notice("Cluster channel listening", metadata: ["cluster.node": "\(channel.node)"])
            gateway.sanctions.forgetAll()
            await closeBanned()
            await loadRevocations()
            await reloadTokenKeys()
            for room in gateway.bus.followedRooms { await catchUp(room) }
        case .interrupted:
            metrics.listening.set(to: 0)
            logger.warning("Cluster channel lost; reconnecting", metadata: ["cluster.node": "\(channel.node)"])
        case .message(let message) where message.node != channel.node:
            metrics.notices.increment()
            await apply(message.notice, from: message.node)
        case .message:
            break  // this gateway's own: shown already
        }
    }

    private func apply(_ notice: ClusterNotice, from node: String) async {
        switch notice {
        case .committed(let room, let first, let last):
            pending.committed(first...max(first, last), in: room)
        case .removed(let room, let id):
            pending.removed(id, in: room)
        case .shadowed(let id):
            if let message = await message(id) { gateway.visibility.showShadowed(message) }
        case .rejected(let id, let reason):
            if let message = await message(id) { gateway.visibility.showRejected(message, reason: reason) }
        case .sanctioned(let user, let banned):
            gateway.sanctions.forget(user)
            await endCalls(of: user, banned: banned)
            if banned { gateway.bus.close(user: user, .banned) }
        case .revoked(let revocation):
            let closed = gateway.revocations.apply(revocation)
            logger.info("Tokens revoked", metadata: ["revocation.subject": "\(revocation.row.kind):\(revocation.row.subject)", "connections.closed": "\(closed)"])
        case .tokenKeysChanged:
            await reloadTokenKeys()
        case .rulesReloaded:
            await reloader.reload(by: "modgate", trigger: RulesReloader.clusterTrigger)
        case .spamModelChanged:
            await spam?.load()
        case .call(let call) where call.to == nil || call.to == channel.node:
            await gateway.calls.received(call, from: node)
        case .call:
            break  // between two other gateways
        }
    }

    /// Catches every room in `work` up through the numbers announced in it, in one store read, then shows its
    /// removals. A room with more than a page to read is read further in the next round.
    private func follow(_ work: [String: CatchUpTargets.Work]) async {
        var ranges: [ResumeRange] = []
        for (room, work) in work {
            guard let numbers = work.numbers else { continue }
            let after = sequencer.published(in: room) ?? numbers.lowerBound - 1
            if !gateway.bus.isFollowed(room) {
                sequencer.catchUp(room: room, deliveries: [], through: numbers.upperBound)
            } else if after < numbers.upperBound {
                ranges.append(ResumeRange(room: room, after: after, through: numbers.upperBound))
            }
        }
        var unfinished: Set<String> = []
        if !ranges.isEmpty {
            metrics.catchUps.increment()
            do {
                let limit = gateway.limits.maxPage
                let pages = try await gateway.store.resumePages(ranges, limit: limit)
                for range in ranges {
                    let page = pages[range.room] ?? []
                    let end = page.count < limit ? range.through : page.last?.seq ?? range.through
                    publish(page, in: range.room, through: end)
                    if end < range.through {
                        unfinished.insert(range.room)
                        pending.committed(end + 1...range.through, in: range.room)
                    }
                }
            } catch {
                logger.error("Rooms not caught up", metadata: ["rooms": "\(ranges.count)", "error": "\(String(reflecting: error))"])
            }
        }
        for (room, work) in work {
            // Shown after the room's commits: where those are not all read yet, the removals wait for them.
            if unfinished.contains(room) {
                for id in work.removed { pending.removed(id, in: room) }
            } else {
                for id in work.removed { gateway.visibility.showRemoved(room: room, id: id) }
            }
        }
    }

    /// Ends `user`'s calls here when another gateway banned or muted them.
    private func endCalls(of user: String, banned: Bool) async {
        if banned { return await gateway.calls.end(callsOf: user, reason: "banned", by: "modgate") }
        guard let sanction = try? await gateway.sanctions.sanction(of: user), sanction.forbidsPosting(at: gateway.now()) else { return }
        await gateway.calls.end(callsOf: user, reason: "muted", by: "modgate")
    }

    /// Closes the connections here of users banned while the channel was down (their notices were lost).
    private func closeBanned() async {
        for user in gateway.bus.connectedUsers {
            do {
                if try await gateway.sanctions.sanction(of: user).banned { gateway.bus.close(user: user, .banned) }
            } catch {
                logger.error("Sanction not read", metadata: ["user.id": "\(user)", "error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Reads the token keys again and closes the connections here whose key was retired.
    private func reloadTokenKeys() async {
        do {
            let closed = try await gateway.tokenKeys.reload()
            logger.info("Token keys read", metadata: ["connections.closed": "\(closed)"])
        } catch {
            logger.error("Token keys not read", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Reads every revocation again and closes the connections here whose token they revoke: notices were lost while
    /// the channel was down.
    private func loadRevocations() async {
        do {
            let now = gateway.now()
            gateway.revocations.load(try await gateway.store.revocations(now: now), now: now)
        } catch {
            logger.error("Revocations not read", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Catches `room` up to its last committed number, from what this gateway published.
    private func catchUp(_ room: String) async {
        guard let published = sequencer.published(in: room) else { return }
        do {
            await catchUp(room, after: published, through: try await gateway.store.lastSeq(of: room))
        } catch {
            logger.error("Room not caught up", metadata: ["room": "\(room)", "error": "\(String(reflecting: error))"])
        }
    }

    /// Publishes `room`'s messages in `after+1...last`, read from the store a page at a time, to this gateway's
    /// subscribers; with none here, only moves the room's published number on.
    private func catchUp(_ room: String, after: Int64, through last: Int64) async {
        guard gateway.bus.isFollowed(room) else {
            return sequencer.catchUp(room: room, deliveries: [], through: last)
        }
        var cursor = after
        metrics.catchUps.increment()
        do {
            while cursor < last {
                let page = try await gateway.store.resumePage(in: room, after: cursor, through: last, limit: gateway.limits.maxPage)
                guard let end = page.last?.seq else { break }
                publish(page, in: room, through: end)
                cursor = end
            }
        } catch {
            logger.error("Room not caught up", metadata: ["room": "\(room)", "error": "\(String(reflecting: error))"])
        }
    }

    /// Hands `page`, read from the store, to the sequencer, which publishes `room` through `last`.
    private func publish(_ page: [StoredMessage], in room: String, through last: Int64) {
        let deliveries = page.compactMap(Visibility.delivery)
        sequencer.catchUp(room: room, deliveries: deliveries, through: last)
        metrics.delivered.increment(by: Int64(deliveries.count))
    }

    private func message(_ id: Int64) async -> StoredMessage? {
        do {
            return try await gateway.store.message(id: id)
        } catch {
            logger.error("Announced message not read", metadata: ["message.id": "\(id)", "error": "\(String(reflecting: error))"])
            return nil
        }
    }
}
