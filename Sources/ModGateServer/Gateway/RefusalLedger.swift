import ModGateChain
import ModGateCore
import ModGateStorage
import Synchronization

/// How many refusals (sanctions, rate limits) of one sender are stored per window; the rest are only counted.
public struct RefusalAllowance: Sendable, Equatable {
    /// Refused messages of one sender stored, with their audit entries, per window (`server.refusals_stored`).
    public var stored = 5
    /// Seconds from a sender's first refusal to the end of their window (`server.refusal_window`).
    public var window = 60.0
    /// The most senders tracked at once; past it, refusals of untracked senders are counted, not stored.
    public var maxTracked = 100_000

    public init() {}
}

/// Each refused sender's current window: what was stored, what was counted. A window that ends with refusals
/// counted becomes one audit record (`refusals.counted`), which ``RefusalAuditService`` writes.
public final class RefusalLedger: Sendable {
    fileprivate struct Window {
        var end: Double
        var stored = 0
        var counted = 0
        /// The rules behind the counted refusals, at most a handful.
        var rules: [String] = []
    }

    fileprivate struct State {
        var windows: [String: Window] = [:]
        /// Windows that ended with refusals counted, waiting to be audited.
        var ended: [AuditRecord] = []
    }

    public let allowance: RefusalAllowance
    private let state = Mutex(State())

    public init(_ allowance: RefusalAllowance) {
        self.allowance = allowance
    }

    /// Whether `user`'s refusal at `now` (by `rule`) is stored; false means it was counted instead.
    func admitsStoring(_ user: String, rule: String, at now: Double) -> Bool {
        state.withLock { state in
            if let window = state.windows[user], window.end <= now { state.close(user, window, at: now) }
            if state.windows[user] == nil {
                if state.windows.count >= allowance.maxTracked { state.close(endedBy: now, at: now) }
                guard state.windows.count < allowance.maxTracked else { return false }
                state.windows[user] = Window(end: now + allowance.window)
            }
            return state.windows[user]!.record(rule, storing: allowance.stored)
        }
    }

    /// Takes the audit records of the windows ended by `now`; with `all`, of every window, ended or not.
    func takeRecords(at now: Double, all: Bool = false) -> [AuditRecord] {
        state.withLock { state in
            state.close(endedBy: all ? .infinity : now, at: now)
            defer { state.ended.removeAll() }
            return state.ended
        }
    }
}

extension RefusalLedger.Window {
    /// Counts one refusal; true when it is still within the stored allowance.
    fileprivate mutating func record(_ rule: String, storing allowance: Int) -> Bool {
        guard stored >= allowance else {
            stored += 1
            return true
        }
        counted += 1
        if rules.count < 8, !rules.contains(rule) { rules.append(rule) }
        return false
    }
}

extension RefusalLedger.State {
    /// Closes the windows that end by `cutoff`.
    fileprivate mutating func close(endedBy cutoff: Double, at now: Double) {
        for (user, window) in windows where window.end <= cutoff { close(user, window, at: now) }
    }

    /// Forgets `user`'s window, keeping its audit record (dated when it ended, or `now` if earlier) when it counted refusals.
    fileprivate mutating func close(_ user: String, _ window: RefusalLedger.Window, at now: Double) {
        windows[user] = nil
        guard window.counted > 0 else { return }
        ended.append(
            AuditRecord(
                time: min(window.end, now), actor: "modgate", action: "refusals.counted", subject: "user:\(user)",
                reason: "\(window.counted) more refused messages were counted, not stored", rules: window.rules,
                details: ["counted": "\(window.counted)", "stored": "\(window.stored)"]))
    }
}

extension Verdict {
    /// The rule that refused the sender rather than the message (a mute, a ban, a rate limit), or nil.
    var refusalRule: String? {
        guard action == .reject else { return nil }
        return findings.first { finding in
            finding.mode == .enforce && finding.action == .reject
                && (finding.stage == SanctionCache.stage || finding.stage == RateLimitStage.name)
        }?.rule
    }
}
