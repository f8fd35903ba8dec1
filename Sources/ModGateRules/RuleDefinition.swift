import ModGateCore
import ModGateText

/// Which part of a message a rule reads.
public enum RuleField: String, Sendable, CaseIterable {
    /// The message text.
    case text
    /// The sender's display name.
    case user
}

/// A post-match check that a span must pass to count.
public enum SpanCheck: String, Sendable, CaseIterable {
    /// The digits of the span pass the Luhn checksum (payment card numbers).
    case luhn
}

/// When a rule applies: every condition given must hold.
public struct RuleConditions: Sendable, Equatable {
    public var reputationBelow: Double?
    public var reputationAbove: Double?
    public var accountAgeBelow: Double?
    public var accountAgeAbove: Double?
    public var rooms: Set<String>?
    public var exceptRooms: Set<String> = []

    /// Whether the rule applies to a message with `context`. An unknown reputation counts as the new-user prior;
    /// an unknown account age satisfies no age condition.
    public func hold(for context: MessageContext) -> Bool {
        let reputation = context.reputation ?? MessageContext.newUserReputation
        if let below = reputationBelow, !(reputation < below) { return false }
        if let above = reputationAbove, !(reputation > above) { return false }
        if accountAgeBelow != nil || accountAgeAbove != nil {
            guard let age = context.accountAge else { return false }
            if let below = accountAgeBelow, !(age < below) { return false }
            if let above = accountAgeAbove, !(age > above) { return false }
        }
        if let rooms, !rooms.contains(context.room) { return false }
        return !exceptRooms.contains(context.room)
    }
}

/// A text a rule's examples say it must, or must not, match, with the context to judge it in.
public struct RuleExample: Sendable {
    public var text: String
    public var context: MessageContext
    /// Where the example is written.
    public var location: SourceLocation
}

/// One rule as written in a rules file, checked but not yet compiled.
public struct RuleDefinition: Sendable {
    public var id: String
    public var description: String = ""
    public var patterns: [Located<String>] = []
    public var words: [String] = []
    public var field: RuleField = .text
    public var normalization: NormalizationLevel = .full
    public var action: Action?
    public var score: Double?
    public var reason: String = ""
    public var mode: Mode = .enforce
    public var minMatches: Int = 1
    public var check: SpanCheck?
    public var conditions = RuleConditions()
    public var enabled = true
    public var matchExamples: [RuleExample] = []
    public var noMatchExamples: [RuleExample] = []
    /// Where the rule starts.
    public var location: SourceLocation
}

/// A value and where it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation
}
