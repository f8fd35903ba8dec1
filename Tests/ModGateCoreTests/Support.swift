import ModGateCore

/// A finding from a test stage.
func finding(
    _ rule: String, _ action: Action = .allow, score: Double = 0, reason: String = "", mode: Mode = .enforce,
    spans: [Range<Int>] = [], retryAfter: Double? = nil
) -> Finding {
    Finding(
        stage: "test", rule: rule, action: action, score: score, reason: reason, mode: mode, spans: spans,
        retryAfter: retryAfter)
}

/// A message from a test user.
func message(_ text: String) -> Message {
    Message(text: text, context: MessageContext(user: "u1", room: "lobby", time: 0))
}
