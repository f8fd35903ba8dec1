import NIOCore

/// The rooms one connection follows and the last sequence number sent in each, so that a resume joins the
/// live stream with no gap and no duplicate: a live message the resume already sent is not sent again.
public struct SubscriptionState: Sendable {
    /// Each followed room's last sequence number sent (0 before the first).
    private(set) var rooms: [String: Int64] = [:]

    public init() {}

    /// Follows `room`, its messages up to `sent` already out (a resume) or none (0).
    public mutating func follow(_ room: String, sent: Int64 = 0) { rooms[room] = sent }

    public mutating func unfollow(_ room: String) { rooms[room] = nil }

    /// The frames to send for `event`, in order. A subscribe is the pump's to apply: it may send a resume first.
    public mutating func frames(for event: ConnectionEvent) -> [ByteBuffer] {
        switch event {
        case .direct(let room, let frame):
            return rooms[room] == nil ? [] : [frame]
        case .live(let delivery):
            guard let last = rooms[delivery.room], delivery.seq > last else { return [] }
            rooms[delivery.room] = delivery.seq
            return [delivery.frame]
        case .control(.subscribe(let room, _)):
            follow(room)
            return []
        case .control(.unsubscribe(let room)):
            unfollow(room)
            return []
        case .close:
            return []
        }
    }
}
