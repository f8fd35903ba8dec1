import Foundation
import ModGateCore

/// A message from `user` in `room` at `time`, which is the chain's clock.
func message(
    _ text: String = "hello", user: String = "u1", room: String = "lobby", connection: String? = nil,
    at time: Double = 0, reputation: Double? = nil, accountAge: Double? = nil
) -> Message {
    Message(
        text: text,
        context: MessageContext(
            user: user, room: room, connection: connection, time: time, accountAge: accountAge,
            reputation: reputation))
}

extension ModerationStage {
    /// What this stage adds for `message` after the findings of earlier stages.
    func findings(_ message: Message, after earlier: [Finding] = []) -> [Finding] {
        var findings = earlier
        evaluate(message, findings: &findings)
        return Array(findings.dropFirst(earlier.count))
    }
}
