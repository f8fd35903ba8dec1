import ModGateCore

/// Where a stored message stands; the wire protocol's ack `status`.
public enum MessageStatus: String, Sendable, Codable, CaseIterable {
    /// Visible to the room, with a sequence number.
    case delivered
    /// Waiting for a moderator; shown to nobody.
    case held
    /// Shown to its sender only.
    case shadowed
    /// Refused; shown to nobody.
    case rejected
    /// Delivered, then removed by a moderator; subscribers retract it.
    case removed

    /// Status a fresh message gets from its verdict's action.
    public init(action: Action) {
        switch action {
        case .allow, .redact: self = .delivered
        case .shadow: self = .shadowed
        case .hold: self = .held
        case .reject: self = .rejected
        }
    }
}

/// A message as the store holds it, in the shape subscribers and acks need.
public struct StoredMessage: Sendable, Equatable {
    /// The store's id, unique across rooms.
    public var id: Int64
    public var room: String
    /// The per-room sequence number; nil unless the message was delivered.
    public var seq: Int64?
    public var user: String
    /// The text subscribers see (redacted where the verdict redacted).
    public var text: String
    /// When it arrived, in seconds since 1970.
    public var time: Double
    public var status: MessageStatus
    public var cid: String?
    /// The verdict's action.
    public var action: Action
    /// The reason shown to the sender, when the verdict gave one.
    public var reason: String?

    package init(id: Int64, room: String, seq: Int64?, user: String, text: String, time: Double, status: MessageStatus, cid: String?, action: Action, reason: String?) {
        self.id = id
        self.room = room
        self.seq = seq
        self.user = user
        self.text = text
        self.time = time
        self.status = status
        self.cid = cid
        self.action = action
        self.reason = reason
    }
}

/// A stored message with everything moderators see: the original text, score and findings.
public struct ModeratedMessage: Sendable, Equatable {
    public var message: StoredMessage
    /// The text as the sender wrote it, but for redacted spans, which are never stored.
    public var originalText: String
    public var score: Double
    public var findings: [Finding]

    package init(message: StoredMessage, originalText: String, score: Double, findings: [Finding]) {
        self.message = message
        self.originalText = originalText
        self.score = score
        self.findings = findings
    }
}
