import Logging
import Synchronization

/// Hands visible messages to the hub in each room's sequence order, whoever committed them.
///
/// Two paths make messages visible: the store writer's group commits and moderators' approvals, each in its
/// own transaction. SQLite numbers them in commit order, but the two paths publish after their commits
/// return, so an approval (seq 6) could reach the hub before the writer's hook has published seq 5, and a
/// subscriber that already saw 6 would skip 5. The sequencer knows the last published number of every room
/// and holds a message that arrives early until the ones before it are out.
public final class RoomSequencer: Sendable {
    private struct Room {
        var published: Int64
        var early: [Int64: Delivery] = [:]
    }

    private let hub: DeliveryHub
    private let rooms: Mutex<[String: Room]>
    private let maxEarly: Int
    private let logger: Logger

    /// - Parameters:
    ///   - published: every room's last sequence number when the gateway starts (nothing of theirs is in flight).
    ///   - maxEarly: how many messages one room may hold back before the sequencer gives up waiting for a gap
    ///     (which only a bug can leave open) and publishes what it has.
    public init(hub: DeliveryHub, published: [String: Int64], maxEarly: Int = 10_000, logger: Logger) {
        self.hub = hub
        self.rooms = Mutex(published.mapValues { Room(published: $0) })
        self.maxEarly = maxEarly
        self.logger = logger
    }

    /// Publishes `deliveries` (in commit order) as soon as every earlier number of their room is out.
    public func publish(_ deliveries: [Delivery]) {
        guard !deliveries.isEmpty else { return }
        // The hub is called under the lock, so two callers never interleave a room's messages.
        rooms.withLock { rooms in
            var ready: [Delivery] = []
            ready.reserveCapacity(deliveries.count)
            for delivery in deliveries {
                var room = rooms[delivery.room] ?? Room(published: 0)
                if delivery.seq == room.published + 1 {
                    ready.append(delivery)
                    room.published = delivery.seq
                    while let next = room.early.removeValue(forKey: room.published + 1) {
                        ready.append(next)
                        room.published = next.seq
                    }
                } else if delivery.seq > room.published {
                    room.early[delivery.seq] = delivery
                    if room.early.count > maxEarly { flush(&room, room: delivery.room, into: &ready) }
                }
                rooms[delivery.room] = room
            }
            hub.publish(ready)
        }
    }

    /// Gives up on a gap: publishes the held messages in order.
    private func flush(_ room: inout Room, room name: String, into ready: inout [Delivery]) {
        logger.error(
            "Sequence gap never filled; publishing past it",
            metadata: ["room": "\(name)", "room.seq.published": "\(room.published)"])
        for seq in room.early.keys.sorted() {
            ready.append(room.early[seq]!)
            room.published = seq
        }
        room.early = [:]
    }
}
