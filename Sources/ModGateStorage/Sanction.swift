/// A user's sanctions.
public struct Sanction: Sendable, Equatable {
    /// Until when (seconds since 1970) the user may not post; nil when never muted or unmuted.
    public var mutedUntil: Double?
    public var banned: Bool

    public init(mutedUntil: Double? = nil, banned: Bool = false) {
        self.mutedUntil = mutedUntil
        self.banned = banned
    }

    /// Whether the user may not post at `now`.
    public func forbidsPosting(at now: Double) -> Bool { banned || (mutedUntil.map { $0 > now } ?? false) }
}
