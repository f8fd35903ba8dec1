import Foundation
import ModGateCore
import ModGateStorage
import Synchronization

/// Mutes and bans as sends check them: read from the store on a user's first send, then kept in memory and
/// updated by the admin routes (which write the store first), so a send costs no database read.
public final class SanctionCache: Sendable {
    private let store: any SanctionStore
    private let known = Mutex<[String: Sanction]>([:])
    private let capacity: Int

    /// - Parameter capacity: users kept; beyond it the users without a sanction are forgotten.
    public init(store: any SanctionStore, capacity: Int = 1_000_000) {
        self.store = store
        self.capacity = capacity
    }

    /// The sanctions on `user`, from memory or, the first time, from the store.
    public func sanction(of user: String) async throws -> Sanction {
        if let cached = known.withLock({ $0[user] }) { return cached }
        let loaded = try await store.sanction(of: user)
        return known.withLock { known in
            // An admin route may have set it meanwhile; what it set is newer than what was read.
            if let cached = known[user] { return cached }
            if known.count >= capacity { known = known.filter { $0.value != Sanction() } }
            known[user] = loaded
            return loaded
        }
    }

    /// Forgets what is known of `user`: another gateway changed their sanctions; the next send reads them again.
    public func forget(_ user: String) {
        _ = known.withLock { $0.removeValue(forKey: user) }
    }

    /// Forgets everything: sanctions may have changed while this gateway did not hear the others.
    public func forgetAll() {
        known.withLock { $0.removeAll() }
    }

    /// Records a sanction the store has just written.
    public func set(_ sanction: Sanction, for user: String) {
        known.withLock { $0[user] = sanction }
    }

    /// The verdict for a send by a muted or banned user, or nil when `user` may post at `now`.
    /// A store that cannot be read lets the message through to the chain (and the store will fail it).
    public func refusal(for user: String, at now: Double) async -> Verdict? {
        guard let current = try? await sanction(of: user), current.forbidsPosting(at: now) else { return nil }
        let finding: Finding
        if current.banned {
            finding = Finding(
                stage: Self.stage, rule: "sanction.banned", action: .reject, reason: "You are banned from this chat.")
        } else {
            let remaining = (current.mutedUntil ?? now) - now
            finding = Finding(
                stage: Self.stage, rule: "sanction.muted", action: .reject,
                reason: "You are muted for another \(Self.remainingText(remaining)).", retryAfter: remaining.rounded(.up))
        }
        return Verdict(action: .reject, score: 0, findings: [finding])
    }

    /// The stage name refusals carry in their findings.
    public static let stage = "sanction"

    /// "9m 12s", "2h 5m", "3d 4h", "40s": the two largest units, seconds rounded up.
    static func remainingText(_ seconds: Double) -> String {
        var left = Int(saturating: max(1, seconds.rounded(.up)))
        var parts: [String] = []
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] {
            let count = left / size
            left %= size
            if count > 0 || !parts.isEmpty { parts.append("\(count)\(unit)") }
            if parts.count == 2 { break }
        }
        if parts.count == 2, parts[1].hasPrefix("0") { parts.removeLast() }
        return parts.joined(separator: " ")
    }
}
