/// The generic cell rate algorithm: a token bucket kept as one number, the theoretical arrival time (TAT).
public struct GCRA: Sendable, Equatable {
    /// Seconds between messages at the sustained rate.
    public let interval: Double
    /// How many messages may arrive at once.
    public let burst: Int

    /// `count` messages per `period` seconds, with bursts of `burst`.
    public init(count: Int, period: Double, burst: Int) {
        precondition(count > 0 && period > 0 && burst > 0, "a rate needs a positive count, period and burst")
        self.interval = period / Double(count)
        self.burst = burst
    }

    /// The outcome of one arrival.
    public enum Decision: Equatable {
        /// Admitted; keep the new TAT.
        case admit(tat: Double)
        /// Over the limit; nothing changes, try again after this many seconds.
        case deny(retryAfter: Double)
    }

    /// Decides an arrival at `now` given the stored `tat` (nil for a fresh key).
    public func decide(tat: Double?, now: Double) -> Decision {
        let next = max(tat ?? now, now) + interval
        let allowance = interval * Double(burst)
        let excess = next - now - allowance
        return excess > 1e-9 ? .deny(retryAfter: excess) : .admit(tat: next)
    }
}
