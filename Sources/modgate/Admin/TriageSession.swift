import Foundation

/// The decisions of a triage session as a state machine, fed keys (a terminal) or lines (a pipe).
/// It does no I/O: the driver shows what `prompt` says, performs the actions it returns, and
/// reports back with `record`.
struct TriageSession: Equatable {
    enum Phase: Equatable {
        /// Waiting for a/r/s/m/q/?.
        case choosing
        /// Reject chosen: waiting for the reason line (empty for none).
        case askingReason
        /// Mute chosen: waiting for the duration line (empty for the default).
        case askingDuration
        /// Quit chosen, or the input ended.
        case finished
    }

    /// What the driver must do next.
    enum Action: Equatable {
        case approve
        case reject(reason: String?)
        case skip
        case mute(duration: String)
        /// Read a line after showing this prompt.
        case ask(String)
        case help
        /// Tell the moderator, then prompt again.
        case invalid(String)
        case quit
    }

    enum Outcome: Equatable { case approved, rejected, skipped, muted, failed }

    static let defaultMute = "10m"
    static let choices = "approve/reject/skip/mute/quit [a/r/s/m/q]: "
    static let keysPrompt = "[a]pprove [r]eject [s]kip [m]ute [q]uit [?]help: "
    static let reasonPrompt = "reason for the sender (Enter for none): "
    static func mutePrompt(_ user: String) -> String { "mute \(user) for (Enter for \(defaultMute)): " }
    static let help = """
        a  approve: deliver the message to the room now
        r  reject: drop it; you are asked for a reason the sender sees (Enter for none)
        s  skip: leave it in the queue (your claim runs out by itself)
        m  mute the sender (asks how long, Enter for 10m); the item stays up for a decision
        q  quit (Ctrl-C too)
        ?  this help
        """

    private(set) var phase: Phase = .choosing
    private(set) var approved = 0
    private(set) var rejected = 0
    private(set) var skipped = 0
    private(set) var muted = 0
    private(set) var failed = 0
    /// The current item's sender, for the mute prompt.
    var user = ""

    /// The prompt for the current phase; `keys` for single-key mode.
    func prompt(keys: Bool) -> String {
        switch phase {
        case .choosing: keys ? Self.keysPrompt : Self.choices
        case .askingReason: Self.reasonPrompt
        case .askingDuration: Self.mutePrompt(user)
        case .finished: ""
        }
    }

    /// A single key pressed while choosing (raw terminal). Ctrl-C and Ctrl-D quit.
    mutating func press(_ key: Character) -> Action {
        guard phase == .choosing else { return .invalid("") }
        switch key.lowercased() {
        case "a": return .approve
        case "r":
            phase = .askingReason
            return .ask(Self.reasonPrompt)
        case "s", " ": return .skip
        case "m":
            phase = .askingDuration
            return .ask(Self.mutePrompt(user))
        case "q", "\u{03}", "\u{04}":
            phase = .finished
            return .quit
        case "?", "h": return .help
        default: return .invalid("unknown key: press a, r, s, m, q, or ? for help")
        }
    }

    /// A line typed (pipe mode, or the answer to a question). nil means the input ended.
    mutating func enter(_ line: String?) -> Action {
        guard let line else {
            // End of input: an open question is abandoned, and the session ends.
            phase = .finished
            return .quit
        }
        let text = line.trimmingCharacters(in: .whitespaces)
        switch phase {
        case .choosing:
            let words = ["a": "approve", "r": "reject", "s": "skip", "m": "mute", "q": "quit", "?": "help", "h": "help"]
            let lowered = text.lowercased()
            guard let key = lowered.first, words[String(key)] != nil, lowered.count == 1 || words[String(key)] == lowered
            else {
                return .invalid(text.isEmpty ? "type a, r, s, m or q" : "'\(text)' is not a choice: type a, r, s, m or q")
            }
            return press(key)
        case .askingReason:
            phase = .choosing
            return .reject(reason: text.isEmpty ? nil : text)
        case .askingDuration:
            let duration = text.isEmpty ? Self.defaultMute : text.lowercased()
            guard When.isDuration(duration) else { return .invalid("durations look like 10m, 2h or 7d") }
            phase = .choosing
            return .mute(duration: duration)
        case .finished:
            return .quit
        }
    }

    /// Counts what the driver did.
    mutating func record(_ outcome: Outcome) {
        switch outcome {
        case .approved: approved += 1
        case .rejected: rejected += 1
        case .skipped: skipped += 1
        case .muted: muted += 1
        case .failed: failed += 1
        }
    }

    /// Ends the session (the queue is empty).
    mutating func finish() { phase = .finished }

    /// "approved 3, rejected 1, skipped 2", with mutes and failures when there were any.
    var summary: String {
        var parts = ["approved \(approved)", "rejected \(rejected)", "skipped \(skipped)"]
        if muted > 0 { parts.append("muted \(muted)") }
        if failed > 0 { parts.append("failed \(failed)") }
        return parts.joined(separator: ", ")
    }
}
