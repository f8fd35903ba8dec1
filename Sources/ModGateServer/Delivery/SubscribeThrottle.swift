import ModGateChain

/// One connection's allowance of subscribe frames: a burst, then a steady rate. Each subscribe may read a
/// room's stored messages, so a client that subscribes and unsubscribes in a loop is held to this pace.
struct SubscribeThrottle {
    private let rate: GCRA
    /// The theoretical arrival time of the next subscribe (nil before the first).
    private var tat: Double?

    init(_ limits: Limits) {
        rate = GCRA(count: limits.subscribeCount, period: limits.subscribePeriod, burst: limits.subscribeBurst)
    }

    /// Takes one subscribe at `now` (seconds), or refuses it with how long to wait.
    mutating func admit(at now: Double) throws(ProtocolError) {
        switch rate.decide(tat: tat, now: now) {
        case .admit(let next):
            tat = next
        case .deny(let wait):
            let seconds = (wait * 1000).rounded(.up) / 1000
            throw ProtocolError(.subscribeThrottled, "too many subscribe frames: send the next in \(seconds)s", retryAfter: seconds)
        }
    }
}
