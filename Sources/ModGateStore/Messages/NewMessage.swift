import ModGateCore

/// A moderated message on its way into the store.
public struct NewMessage: Sendable {
    public var room: String
    /// The sender, from the verified token.
    public var user: String
    /// The text as the sender wrote it.
    public var text: String
    /// What subscribers see (the redacted text); nil means `text`.
    public var shownText: String?
    /// The client's correlation id, echoed in the ack.
    public var cid: String?
    /// When the message arrived, in seconds since 1970.
    public var time: Double
    /// The chain's decision.
    public var verdict: Verdict

    public init(
        room: String, user: String, text: String, shownText: String? = nil, cid: String? = nil, time: Double,
        verdict: Verdict
    ) {
        self.room = room
        self.user = user
        self.text = text
        self.shownText = shownText
        self.cid = cid
        self.time = time
        self.verdict = verdict
    }
}
