import NIOCore

/// A visible message on its way to subscribers, its frame encoded once for all of them.
public struct Delivery: Sendable, Equatable {
    public var room: String
    public var seq: Int64
    public var id: Int64
    /// The `msg` frame's JSON text, shared (not copied) by every connection that sends it.
    public var frame: ByteBuffer

    public init(room: String, seq: Int64, id: Int64, frame: ByteBuffer) {
        self.room = room
        self.seq = seq
        self.id = id
        self.frame = frame
    }
}

/// What reaches one connection, in order.
public enum ConnectionEvent: Sendable, Equatable {
    /// A message just committed to a room the connection subscribes to.
    case live(Delivery)
    /// A frame outside the per-room sequence: a shadowed message for its sender, a retraction.
    case direct(room: String, frame: ByteBuffer)
    /// A call frame for this connection, a party to the call, whatever rooms it follows.
    case signal(ByteBuffer)
    /// The connection's own subscribe or unsubscribe, queued in order with everything else.
    case control(SubscriptionChange)
    /// The gateway ends the connection: the frames queued before go out, then the close.
    case close(SessionEnd)
}

/// Why the gateway ends a connection.
public enum SessionEnd: Sendable, Equatable {
    /// The gateway is shutting down (1001).
    case goingAway
    /// The connection's token expired (4401): the client gets a new token and resumes with `since`.
    case tokenExpired
    /// A moderator banned the connection's user (4403).
    case banned
    /// An admin revoked the connection's token (4401): the client gets a new token and resumes with `since`.
    case tokenRevoked
    /// An admin retired the key that signed the connection's token (4401): the client gets a new token and resumes.
    case tokenKeyRetired
}

/// A change to a connection's subscriptions.
public enum SubscriptionChange: Sendable, Equatable {
    /// Follow a room; with `resumeAfter`, its stored messages after that number go out first (a resume).
    case subscribe(String, resumeAfter: Int64?)
    case unsubscribe(String)
}

extension ConnectionEvent {
    /// What the event holds in memory while it waits, in bytes: its frame, or a small fixed cost.
    var byteCount: Int {
        switch self {
        case .live(let delivery): delivery.frame.readableBytes + delivery.room.utf8.count
        case .direct(let room, let frame): frame.readableBytes + room.utf8.count
        case .signal(let frame): frame.readableBytes
        case .control, .close: 64
        }
    }
}
