import ModGateCore
import Synchronization

/// Holds or rejects floods (one sender repeating a text) and raids (many senders posting the same text).
public final class FloodStage: ModerationStage {
    public static let name = "flood"
    public var name: String { Self.name }
    private let settings: FloodSettings
    private let state: Mutex<FloodState>

    public init(_ settings: FloodSettings) {
        self.settings = settings
        self.state = Mutex(FloodState(capacity: settings.maxTracked))
    }

    public func evaluate(_ message: Message, findings: inout [Finding]) {
        let fingerprint = TextFingerprint(message.text)
        guard fingerprint.length > 0 else { return }
        let now = message.context.time
        let record = !message.context.dryRun
        let (repeats, senders) = state.withLock { state in
            (
                settings.floodRepeats.map { _ in
                    state.recordRepeat(
                        of: fingerprint, by: message.context.user, now: now, window: settings.floodWindow, record: record)
                } ?? 0,
                settings.raidUsers.map { _ in
                    fingerprint.length < settings.raidMinimumLength
                        ? 0
                        : state.recordSender(
                            message.context.user, of: fingerprint, now: now, window: settings.raidWindow, record: record)
                } ?? 0
            )
        }
        if let limit = settings.floodRepeats, repeats >= limit {
            findings.append(
                Finding(
                    stage: name, rule: "flood.repeat", action: settings.floodAction,
                    reason: "You have sent this message several times already.",
                    detail: "\(repeats) copies from this sender within \(DurationText.format(settings.floodWindow))",
                    mode: settings.mode))
        }
        if let limit = settings.raidUsers, senders >= limit {
            findings.append(
                Finding(
                    stage: name, rule: "flood.raid", action: settings.raidAction,
                    reason: "Many people are posting this same message right now.",
                    detail: "\(senders) senders posted this text within \(DurationText.format(settings.raidWindow))",
                    mode: settings.mode))
        }
    }
}

/// A sender's recent texts.
struct RecentTexts: Expiring {
    var entries: [(fingerprint: UInt64, time: Double)] = []
    var expiresAt: Double
}

/// The recent senders of one text.
struct RecentSenders: Expiring {
    var senders: [String: Double] = [:]
    /// When the longest-standing sender in `senders` posted.
    var oldest = Double.infinity
    var expiresAt: Double
}

/// What the flood stage remembers, behind one lock.
struct FloodState {
    var texts: BoundedTable<String, RecentTexts>
    var senders: BoundedTable<UInt64, RecentSenders>

    init(capacity: Int) {
        texts = BoundedTable(capacity: capacity)
        senders = BoundedTable(capacity: capacity)
    }

    /// Records the text (unless `record` is false) and returns how many times the sender sent it within the
    /// window, this one included.
    mutating func recordRepeat(
        of fingerprint: TextFingerprint, by user: String, now: Double, window: Double, record: Bool = true
    ) -> Int {
        guard record else {
            let recent = (texts[user]?.entries ?? []).filter { $0.time > now - window }.suffix(63)
            return 1 + recent.count { $0.fingerprint == fingerprint.hash }
        }
        return texts.update(user, now: now, initial: RecentTexts(expiresAt: now + window)) { recent in
            if recent.entries.first.map({ $0.time <= now - window }) == true {
                recent.entries.removeAll { $0.time <= now - window }
            }
            if recent.entries.count >= 64 { recent.entries.removeFirst() }
            recent.entries.append((fingerprint.hash, now))
            recent.expiresAt = now + window
            return recent.entries.count { $0.fingerprint == fingerprint.hash }
        }
    }

    /// Records the sender of the text (unless `record` is false) and returns how many different senders posted
    /// it within the window.
    mutating func recordSender(
        _ user: String, of fingerprint: TextFingerprint, now: Double, window: Double, record: Bool = true
    ) -> Int {
        guard record else {
            let recent = senders[fingerprint.hash]?.senders ?? [:]
            let others = recent.count { $0.key != user && $0.value > now - window }
            return others < 1000 ? others + 1 : others
        }
        return senders.update(fingerprint.hash, now: now, initial: RecentSenders(expiresAt: now + window)) { recent in
            if recent.oldest <= now - window {
                // When even the latest post has left the window (expiresAt is its time plus the window),
                // the table is emptied in place instead of filtered into a new one.
                if recent.expiresAt <= now {
                    recent.senders.removeAll(keepingCapacity: true)
                } else {
                    recent.senders = recent.senders.filter { $0.value > now - window }
                }
                recent.oldest = recent.senders.values.min() ?? now
            }
            if recent.senders.count < 1000 { recent.senders[user] = now }
            recent.oldest = min(recent.oldest, now)
            recent.expiresAt = now + window
            return recent.senders.count
        }
    }
}
