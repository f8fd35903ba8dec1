import ModGateCore

/// A moderated message on its way into the store.
public struct NewMessage: Sendable {
    public var room: String
    /// The sender, from the verified token.
    public var user: String
    /// The text as stored, shown to subscribers and moderators alike: the sender's text with the spans of the
    /// verdict's enforced redact findings masked, whatever the final action, so a redacted span (a card
    /// number) never reaches the database, and approving a held message cannot reveal it.
    public let text: String
    /// The client's correlation id, echoed in the ack.
    public var cid: String?
    /// When the message arrived, in seconds since 1970.
    public var time: Double
    /// The chain's decision.
    public let verdict: Verdict

    public init(room: String, user: String, text: String, cid: String? = nil, time: Double, verdict: Verdict) {
        self.room = room
        self.user = user
        self.text = verdict.redacting(text)
        self.cid = cid
        self.time = time
        self.verdict = verdict
    }
}
