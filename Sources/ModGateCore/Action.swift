/// What happens to a message, in increasing precedence: when findings disagree, the later case wins.
public enum Action: String, Sendable, Comparable, CaseIterable, Codable {
    /// Delivered as written.
    case allow
    /// Delivered with the matched spans masked.
    case redact
    /// Shown to its sender only.
    case shadow
    /// Kept for a moderator; shown to nobody until approved.
    case hold
    /// Refused, with a reason for the sender.
    case reject

    public static func < (lhs: Action, rhs: Action) -> Bool { lhs.precedence < rhs.precedence }

    private var precedence: Int {
        switch self {
        case .allow: 0
        case .redact: 1
        case .shadow: 2
        case .hold: 3
        case .reject: 4
        }
    }
}

/// Whether a rule or stage acts on what it finds, or only records what it would have done.
public enum Mode: String, Sendable, Codable, CaseIterable {
    case enforce
    case shadow
}
