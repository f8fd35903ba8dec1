import ModGateCore

/// Flood (one sender repeating a text) and raid (many senders posting one text) detection.
public struct FloodSettings: Sendable, Equatable {
    /// The same text this many times from one sender within `floodWindow` is a flood; nil turns it off.
    public var floodRepeats: Int? = 3
    public var floodWindow = 60.0
    public var floodAction = Action.hold
    /// The same text from this many different senders within `raidWindow` is a raid; nil turns it off.
    public var raidUsers: Int? = 5
    public var raidWindow = 120.0
    public var raidAction = Action.hold
    /// Texts shorter than this (letters and digits after normalisation) never count as a raid: "lol" is not one.
    public var raidMinimumLength = 12
    public var maxTracked = 100_000
    public var mode = Mode.enforce

    public init() {}
}
