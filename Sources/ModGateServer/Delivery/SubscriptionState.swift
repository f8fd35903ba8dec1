import NIOCore

/// The rooms one connection follows and the last sequence number sent in each, so that a resume joins the
/// live stream with no gap and no duplicate: a live message the resume already sent is not sent again, and
/// one that comes after a gap (a commit of another gateway this one has not heard of yet) is preceded by the
/// missing messages, read from the store.
public struct SubscriptionState: Sendable {
    /// Each followed room's last sequence number sent; nil until the first, for a subscription without resume.
    private(set) var rooms: [String: Int64?] = [:]

    public init() {}

    /// Follows `room`, its messages up to `sent` already out (a resume), or from its next live message (nil).
    public mutating func follow(_ room: String, sent: Int64? = nil) { rooms[room] = .some(sent) }

    /// The numbers missing before `delivery`, when something was sent in its room and it does not follow on.
    public func gap(before delivery: Delivery) -> ClosedRange<Int64>? {
        guard case .some(.some(let last)) = rooms[delivery.room], delivery.seq > last + 1 else { return nil }
        return (last + 1)...(delivery.seq - 1)
    }

    public mutating func unfollow(_ room: String) { rooms[room] = nil }

    /// The frames to send for `event`, in order. A subscribe is the pump's to apply: it may send a resume first.
    public mutating func frames(for event: ConnectionEvent) -> [ByteBuffer] {
        switch event {
        case .direct(let room, let frame):
            return rooms[room] == nil ? [] : [frame]
        case .signal(let frame):
            return [frame]
        case .live(let delivery):
            guard let last = rooms[delivery.room], delivery.seq > last ?? 0 else { return [] }
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
