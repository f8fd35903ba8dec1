import Logging
import Prometheus
import Synchronization

/// Hands visible messages to the hub in each room's sequence order, whoever committed them.
///
/// Two paths make messages visible: the store writer's group commits and moderators' approvals, each in its
/// own transaction. Both number their messages and publish them under the writer's numbering lock
/// (`StoreWriter.sequenced`), so messages arrive here in each room's order. The sequencer checks that order
/// against the last published number of every room it has seen lately: a message that arrives early (only
/// a bug could send one) waits until the ones before it are out, for at most `maxEarly` messages.
///
/// Gateways sharing a store number messages in each other's rooms: a message of this gateway's can arrive here
/// before another's earlier ones, which this gateway learns of from the cluster channel. The sequencer holds it
/// and reports the gap (``gaps``), and the cluster link reads the missing messages from the store and hands them
/// over with ``catchUp(room:deliveries:through:)``: a committed number means every lower one is committed.
///
/// A room that publishes nothing for `forgetAfter` seconds, with nothing held, is forgotten, so that the
/// rooms a gateway ever saw do not pile up. Its next message learns the number again: messages arrive in
/// numbering order, so every number before the first one to arrive has been published.
public final class RoomSequencer: Sendable {
    private struct Room {
        var published: Int64
        var early: [Int64: Delivery] = [:]
        /// When the room last published, on the sequencer's clock.
        var active: Double
    }

    private struct State {
        var rooms: [String: Room]
        var lastSweep: Double
    }

    private let bus: any RoomBus
    private let state: Mutex<State>
    private let maxEarly: Int
    private let forgetAfter: Double
    private let now: @Sendable () -> Double
    private let metrics: LimitMetrics?
    private let logger: Logger
    /// The rooms whose message arrived ahead of numbers not yet published, once per gap, when `reportsGaps`.
    let gaps: AsyncStream<String>
    private let gap: AsyncStream<String>.Continuation?
    /// Whether gateways share the store: gaps are expected, and followed rooms are kept.
    let reportsGaps: Bool

    /// - Parameters:
    ///   - published: rooms' last sequence numbers when the gateway starts (nothing of theirs is in flight);
    ///     a room left out learns its number from its first message.
    ///   - maxEarly: how many messages one room may hold back before the sequencer gives up waiting for a gap
    ///     (which only a bug can leave open) and publishes what it has.
    ///   - forgetAfter: seconds without a publish after which a room with nothing held is forgotten.
    ///   - now: the clock, in seconds; tests inject their own.
    ///   - metrics: how many rooms it keeps and has forgotten.
    ///   - reportsGaps: whether gaps are expected and reported (gateways sharing a store); otherwise only a bug
    ///     leaves one.
    init(
        bus: any RoomBus, published: [String: Int64], maxEarly: Int = 10_000, forgetAfter: Double,
        now: @escaping @Sendable () -> Double, metrics: LimitMetrics?, logger: Logger,
        reportsGaps: Bool = false
    ) {
        self.bus = bus
        let start = now()
        self.state = Mutex(State(rooms: published.mapValues { Room(published: $0, active: start) }, lastSweep: start))
        self.maxEarly = maxEarly
        self.forgetAfter = forgetAfter
        self.now = now
        self.metrics = metrics
        self.logger = logger
        let (gaps, gap) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(4096))
        self.gaps = gaps
        self.gap = reportsGaps ? gap : nil
        self.reportsGaps = reportsGaps
        metrics?.sequencerRooms.set(to: Double(published.count))
    }

    /// Publishes `deliveries` (in commit order) as soon as every earlier number of their room is out.
    public func publish(_ deliveries: [Delivery]) {
        guard !deliveries.isEmpty else { return }
        let time = now()
        // The bus is called under the lock, so two callers never interleave a room's messages.
        state.withLock { state in
            var ready: [Delivery] = []
            ready.reserveCapacity(deliveries.count)
            for delivery in deliveries {
                // A room not known (new, or forgotten while idle) has published every number before this one.
                var room = state.rooms[delivery.room] ?? Room(published: delivery.seq - 1, active: time)
                room.active = time
                if delivery.seq == room.published + 1 {
                    ready.append(delivery)
                    room.published = delivery.seq
                    while let next = room.early.removeValue(forKey: room.published + 1) {
                        ready.append(next)
                        room.published = next.seq
                    }
                } else if delivery.seq > room.published {
                    if room.early.isEmpty { gap?.yield(delivery.room) }
                    room.early[delivery.seq] = delivery
                    if room.early.count > maxEarly { flush(&room, room: delivery.room, into: &ready) }
                }
                state.rooms[delivery.room] = room
            }
            bus.publish(ready)
            if time - state.lastSweep >= forgetAfter / 4 { forgetIdle(&state, at: time) }
            metrics?.sequencerRooms.set(to: Double(state.rooms.count))
        }
    }

    /// Publishes what another gateway committed in `room` up to `last`, read from the store (`deliveries`: its
    /// visible messages past what is published, in order; a removed one is left out), then what was held behind it.
    /// A room not kept here and nothing read (no subscriber here) leaves no trace.
    func catchUp(room name: String, deliveries: [Delivery], through last: Int64) {
        let time = now()
        state.withLock { state in
            // A room not kept here starts at the first message read: a session that saw less fills its own gap.
            let unknown = deliveries.first.map { Room(published: $0.seq - 1, active: time) }
            guard var room = state.rooms[name] ?? unknown, last > room.published else { return }
            var ready = deliveries.filter { $0.seq > room.published && $0.seq <= last }
            room.published = last
            room.active = time
            room.early = room.early.filter { $0.key > last }
            while let next = room.early.removeValue(forKey: room.published + 1) {
                ready.append(next)
                room.published = next.seq
            }
            state.rooms[name] = room
            bus.publish(ready)
        }
    }

    /// Keeps `room`'s number from `published` on, unless it is kept already: a connection here follows it, on a
    /// gateway sharing its store, so a reconnect of the cluster channel must catch it up.
    func keep(_ room: String, published: Int64) {
        let time = now()
        state.withLock { state in
            if state.rooms[room] == nil { state.rooms[room] = Room(published: published, active: time) }
        }
    }

    /// The last number published in `room`; nil for a room the sequencer does not keep (nothing of it is due here).
    func published(in room: String) -> Int64? { state.withLock { $0.rooms[room]?.published } }

    /// How many rooms the sequencer keeps a number for.
    public var roomCount: Int { state.withLock { $0.rooms.count } }

    /// Forgets the rooms idle for `forgetAfter` with nothing held; runs at most four times per `forgetAfter`.
    private func forgetIdle(_ state: inout State, at time: Double) {
        let before = state.rooms.count
        // A room followed here is kept while gateways share the store: a reconnect catches it up from its number.
        state.rooms = state.rooms.filter {
            !$0.value.early.isEmpty || time - $0.value.active < forgetAfter || (reportsGaps && bus.isFollowed($0.key))
        }
        state.lastSweep = time
        metrics?.forgottenRooms.increment(by: Int64(before - state.rooms.count))
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
