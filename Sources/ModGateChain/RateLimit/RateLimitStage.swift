import ModGateCore
import Synchronization

/// Rejects messages over the configured rates, per user, user and room, room and connection, with `retry_after`.
/// Senders who overflow again and again are muted for a while. A dry run is judged without being charged.
public final class RateLimitStage: ModerationStage {
    public static let name = "ratelimit"
    public var name: String { Self.name }
    private let settings: RateLimitSettings
    private let state: Mutex<LimiterState>

    public init(_ settings: RateLimitSettings) {
        self.settings = settings
        self.state = Mutex(LimiterState(capacity: settings.maxTracked))
    }

    /// How many keys are tracked across scopes: bounded by `maxTracked` per scope.
    public var trackedKeys: Int { state.withLock { $0.trackedKeys } }

    public func evaluate(_ message: Message, findings: inout [Finding]) {
        let context = message.context
        let now = context.time
        let denial: (rule: String, retryAfter: Double)? = state.withLock { state in
            if let muted = state.mutedUntil(context.user, now: now) { return ("ratelimit.muted", muted - now) }
            // Every scope must admit before any is charged; each key is hashed once for both steps.
            var admitted = InlineArray<4, Admission?>(repeating: nil)  // one per `Scope` case
            for scope in Scope.allCases {
                guard let rate = settings.rate(scope), let key = ScopeKey(scope, context) else { continue }
                let table = state.tables[scope.rawValue]
                let position = table.position(of: key)
                switch rate.decide(tat: position.map { table[$0].tat }, now: now) {
                case .admit(let tat):
                    admitted[scope.rawValue] = Admission(key: key, position: position, tat: tat)
                case .deny(let retryAfter):
                    guard !context.dryRun else { return (scope.rule, retryAfter) }
                    let mute = state.recordOverflow(context.user, now: now, escalation: settings.escalation)
                    return mute.map { ("ratelimit.muted", $0 - now) } ?? (scope.rule, retryAfter)
                }
            }
            guard !context.dryRun else { return nil }
            for scope in Scope.allCases {
                guard let admission = admitted[scope.rawValue] else { continue }
                state.tables[scope.rawValue].set(admission.key, at: admission.position, Bucket(tat: admission.tat), now: now)
            }
            return nil
        }
        guard let denial else { return }
        let wait = Int(saturating: denial.retryAfter.rounded(.up))
        findings.append(
            Finding(
                stage: name, rule: denial.rule, action: .reject,
                reason: denial.rule == "ratelimit.muted"
                    ? "You are muted for sending too fast; try again in \(DurationText.format(Double(wait)))."
                    : "You are sending messages too fast; try again in \(wait)s.",
                detail: "over the \(denial.rule) limit", mode: settings.mode, retryAfter: denial.retryAfter))
    }
}

/// A scope that admitted a message: where its key is, and the arrival time to store once every scope has admitted.
struct Admission {
    var key: ScopeKey
    var position: Dictionary<ScopeKey, Bucket>.Index?
    var tat: Double
}

/// Which user, room or connection a limit applies to; the user-and-room scope keys on both.
struct ScopeKey: Hashable {
    let first: String
    let second: String

    /// The key of `context` in `scope`, or nil when the scope does not apply (no connection id).
    init?(_ scope: Scope, _ context: MessageContext) {
        switch scope {
        case .user: (first, second) = (context.user, "")
        case .userRoom: (first, second) = (context.user, context.room)
        case .room: (first, second) = ("", context.room)
        case .connection:
            guard let connection = context.connection else { return nil }
            (first, second) = (connection, "")
        }
    }
}

extension RateLimitSettings {
    func rate(_ scope: Scope) -> GCRA? {
        switch scope {
        case .user: user
        case .userRoom: userRoom
        case .room: room
        case .connection: connection
        }
    }
}

/// The scopes a message is limited in.
enum Scope: Int, CaseIterable {
    case user, userRoom, room, connection

    var rule: String { ["ratelimit.user", "ratelimit.user_room", "ratelimit.room", "ratelimit.connection"][rawValue] }
}

/// A key's theoretical arrival time: once it has passed, the key is as good as new.
struct Bucket: Expiring {
    var tat: Double
    var expiresAt: Double { tat }
}

/// A sender's recent overflows and mute.
struct Offender: Expiring {
    var overflows: Int
    var windowEnd: Double
    var mutedUntil: Double
    var expiresAt: Double { max(windowEnd, mutedUntil) }
}

/// Everything the limiter remembers, behind one lock.
struct LimiterState {
    var tables: [BoundedTable<ScopeKey, Bucket>]
    var offenders: BoundedTable<String, Offender>

    init(capacity: Int) {
        tables = Scope.allCases.map { _ in BoundedTable(capacity: capacity) }
        offenders = BoundedTable(capacity: capacity)
    }

    var trackedKeys: Int { tables.reduce(offenders.count) { $0 + $1.count } }

    func mutedUntil(_ user: String, now: Double) -> Double? {
        guard let until = offenders[user]?.mutedUntil, until > now else { return nil }
        return until
    }

    /// Counts an overflow; returns the end of the mute it triggers, if any.
    mutating func recordOverflow(_ user: String, now: Double, escalation: RateLimitSettings.Escalation?) -> Double? {
        guard let escalation else { return nil }
        var offender = offenders[user] ?? Offender(overflows: 0, windowEnd: now + escalation.window, mutedUntil: 0)
        if offender.windowEnd <= now { offender = Offender(overflows: 0, windowEnd: now + escalation.window, mutedUntil: 0) }
        offender.overflows += 1
        if offender.overflows >= escalation.overflows {
            offender = Offender(overflows: 0, windowEnd: now, mutedUntil: now + escalation.mute)
        }
        offenders.set(user, offender, now: now)
        return offender.mutedUntil > now ? offender.mutedUntil : nil
    }
}
