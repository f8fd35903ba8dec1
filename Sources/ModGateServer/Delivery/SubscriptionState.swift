import NIOCore

/// One connection's subscriptions and where each stands, so that a resume joins the live stream with no gap
/// and no duplicate: live messages that arrive while the stored ones are read wait, then go out after them.
public struct SubscriptionState: Sendable {
    enum Phase: Equatable {
        case resuming(held: [Delivery])
        case live(lastSeq: Int64?)
    }

    private(set) var rooms: [String: Phase] = [:]
    /// How many live messages may wait for a resume before the connection counts as too slow.
    let holdLimit: Int

    public init(holdLimit: Int) { self.holdLimit = holdLimit }

    /// Subscribes to `room`; its live messages wait until `backlog` arrives.
    public mutating func subscribe(_ room: String) { rooms[room] = .resuming(held: []) }

    public mutating func unsubscribe(_ room: String) { rooms[room] = nil }

    public mutating func apply(_ change: SubscriptionChange) {
        switch change {
        case .subscribe(let room): subscribe(room)
        case .unsubscribe(let room): unsubscribe(room)
        }
    }

    /// The frames to send for `event`, in order; nil when too many live messages wait (the client is too slow).
    public mutating func frames(for event: ConnectionEvent) -> [ByteBuffer]? {
        switch event {
        case .direct(let room, let frame):
            return rooms[room] == nil ? [] : [frame]
        case .live(let delivery):
            switch rooms[delivery.room] {
            case nil: return []
            case .resuming(var held):
                guard held.count < holdLimit else { return nil }
                held.append(delivery)
                rooms[delivery.room] = .resuming(held: held)
                return []
            case .live(let last):
                guard last.map({ delivery.seq > $0 }) ?? true else { return [] }
                rooms[delivery.room] = .live(lastSeq: delivery.seq)
                return [delivery.frame]
            }
        case .control(let change):
            apply(change)
            return []
        case .close:
            return []
        case .backlog(let room, let after, let messages):
            guard case .resuming(let held) = rooms[room] else { return [] }
            var last = after
            var frames: [ByteBuffer] = []
            for delivery in messages + held where last.map({ delivery.seq > $0 }) ?? true {
                frames.append(delivery.frame)
                last = delivery.seq
            }
            rooms[room] = .live(lastSeq: last)
            return frames
        }
    }
}
