/// One Engine.IO session's heartbeat (engine.io-protocol, "Heartbeat"): the server pings every `interval`
/// seconds and the client must answer within `timeout`, or the session is over. A session must also connect
/// to Socket.IO within `connectTimeout` of its handshake. Times are seconds on the gateway's clock.
struct Heartbeat: Sendable, Equatable {
    let interval: Double
    let timeout: Double
    let connectTimeout: Double
    private let opened: Double
    private var nextPing: Double
    /// When the unanswered ping went out.
    private var pingSent: Double?
    private var connected = false

    enum Action: Equatable {
        case wait
        case ping
        /// The client did not answer a ping, or never connected: close the session.
        case expire
    }

    init(interval: Double, timeout: Double, connectTimeout: Double, openedAt now: Double) {
        self.interval = interval
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        opened = now
        nextPing = now + interval
    }

    /// What the session must do at `now`; a ping is sent once and then awaited.
    mutating func tick(at now: Double) -> Action {
        if !connected, now >= opened + connectTimeout { return .expire }
        if let pingSent { return now >= pingSent + timeout ? .expire : .wait }
        guard now >= nextPing else { return .wait }
        pingSent = now
        return .ping
    }

    /// The client answered: the next ping goes out an interval from now.
    mutating func pong(at now: Double) {
        guard pingSent != nil else { return }
        pingSent = nil
        nextPing = now + interval
    }

    /// The session connected to Socket.IO: from now on only the pings keep it.
    mutating func connect() { connected = true }
}
