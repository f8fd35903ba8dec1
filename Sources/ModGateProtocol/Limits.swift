/// Every size and count a client controls, bounded.
public struct Limits: Sendable, Equatable {
    /// The largest WebSocket frame or HTTP body accepted, in bytes.
    public var maxFrameBytes = 16 * 1024
    /// The longest message text, in UTF-8 bytes.
    public var maxTextBytes = 4 * 1024
    /// The longest room name, in bytes; names use letters, digits, '.', '_', '-' and ':'.
    public var maxRoomBytes = 64
    /// The longest client message id (`cid`), in bytes.
    public var maxClientIDBytes = 64
    /// How many rooms one connection may subscribe to.
    public var maxSubscriptions = 100
    /// How many messages may wait for a slow subscriber before it is disconnected.
    public var subscriberBuffer = 1024
    /// How many bytes of frames may wait for one connection before it is disconnected as too slow.
    public var maxConnectionBytes = 4 * 1024 * 1024
    /// How many subscribe frames one connection may send at once, and then `subscribeCount` per
    /// `subscribePeriod` seconds; the rest are refused `subscribe_throttled`.
    public var subscribeBurst = 100
    public var subscribeCount = 10
    public var subscribePeriod = 1.0
    /// How many stored messages one resume (`since`) or one HTTP page returns at most.
    public var maxPage = 1000
    /// How long, in seconds, a client may leave its socket full (it stopped reading) before it is dropped.
    public var writeStall = 60.0
    /// How many TCP connections (HTTP and WebSocket) may be open at once; the next is answered 503.
    public var maxConnections = 10_000
    /// How many WebSocket sessions one user may have open at once; the next is closed with 4029.
    public var maxConnectionsPerUser = 16
    /// How long, in seconds, a new connection may take to send its first request's headers.
    public var headerTimeout = 10.0
    /// How long, in seconds, an HTTP connection may wait idle for its next request.
    public var idleTimeout = 60.0
    /// How many Socket.IO (Engine.IO) sessions may be open at once, connected or in their handshake.
    public var maxSocketIOSessions = 10_000
    /// How often, in seconds, the gateway pings a Socket.IO client, and how long it waits for the answer
    /// before it closes the session.
    public var socketIOPingInterval = 25.0
    public var socketIOPingTimeout = 20.0
    /// How long, in seconds, a room may publish nothing before the sequencer forgets its number.
    public var roomIdle = 600.0

    public init() {}
}
