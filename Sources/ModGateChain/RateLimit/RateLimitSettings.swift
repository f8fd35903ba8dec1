import ModGateCore

/// Rate limits per scope, with escalation to a timed mute for senders who keep hitting them.
public struct RateLimitSettings: Sendable, Equatable {
    /// Per sender, across rooms.
    public var user: GCRA? = GCRA(count: 10, period: 10, burst: 10)
    /// Per sender in one room.
    public var userRoom: GCRA? = GCRA(count: 5, period: 10, burst: 5)
    /// Per room, all senders together.
    public var room: GCRA? = GCRA(count: 200, period: 1, burst: 400)
    /// Per connection.
    public var connection: GCRA? = GCRA(count: 20, period: 1, burst: 40)
    /// When repeated overflows become a mute; nil never mutes.
    public var escalation: Escalation? = Escalation()
    /// The most keys tracked per scope; idle ones are evicted first.
    public var maxTracked = 100_000
    public var mode = Mode.enforce

    public init() {}

    /// `overflows` rejections within `window` seconds mute the sender for `mute` seconds.
    public struct Escalation: Sendable, Equatable {
        public var overflows = 10
        public var window = 60.0
        public var mute = 300.0

        public init() {}
    }
}
