/// A chat message on its way through the moderation chain.
public struct Message: Sendable {
    /// The message text as the sender wrote it.
    public var text: String
    /// Who sent it, where and when.
    public var context: MessageContext

    public init(text: String, context: MessageContext) {
        self.text = text
        self.context = context
    }
}

/// What the chain knows about a message besides its text. Identity comes from the verified token, never the body.
public struct MessageContext: Sendable {
    /// The trust score of a user the chain has not seen before.
    public static let newUserReputation = 0.5

    /// The sender's user id.
    public var user: String
    /// The sender's display name, when the chat service has one.
    public var userName: String?
    /// The room the message is sent to.
    public var room: String
    /// The connection it arrived on, for per-connection limits.
    public var connection: String?
    /// When the message arrived, in seconds since 1970. The chain's clock follows it.
    public var time: Double
    /// How long the account has existed, in seconds, when known.
    public var accountAge: Double?
    /// The sender's trust score in 0...1, filled in from the reputation store before the chain runs.
    public var reputation: Double?
    /// A dry run: the chain judges as usual but records nothing, so rate-limit buckets, flood and raid
    /// counts and the sender's trust stay as they were (`POST /v1/check` without `record`).
    public var dryRun: Bool

    public init(
        user: String, userName: String? = nil, room: String, connection: String? = nil,
        time: Double, accountAge: Double? = nil, reputation: Double? = nil, dryRun: Bool = false
    ) {
        self.user = user
        self.userName = userName
        self.room = room
        self.connection = connection
        self.time = time
        self.accountAge = accountAge
        self.reputation = reputation
        self.dryRun = dryRun
    }
}
