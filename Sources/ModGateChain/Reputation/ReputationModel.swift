import Foundation
import ModGateCore

/// How trust moves: new accounts start at a prior, rise slowly with clean messages, fall fast with
/// held and rejected ones and faster with violations a moderator confirmed, and drift back toward the prior.
public struct ReputationModel: Sendable, Equatable {
    /// Trust of a user never seen before.
    public var prior = 0.5
    /// A clean message moves trust this fraction of the way to 1.
    public var cleanRise = 0.01
    /// A message a moderator approved moves trust this fraction of the way to 1.
    public var approvalRise = 0.05
    /// A held message takes this fraction of trust away.
    public var holdFall = 0.10
    /// A rejected message takes this fraction of trust away.
    public var rejectFall = 0.25
    /// A violation a moderator confirmed takes this fraction of trust away.
    public var violationFall = 0.40
    /// Seconds for the distance to the prior to halve when nothing happens.
    public var halfLife = 14 * 86400.0
    /// Below this a user is untrusted: their links are held.
    public var untrustedBelow = 0.3
    /// Above this a user is trusted: their borderline spam scores are discounted.
    public var trustedAbove = 0.8
    /// Score taken off a trusted user's message that the spam stage scored.
    public var trustedSpamDiscount = 2.0

    public init() {}

    /// `standing` as it is at `now`, after drifting toward the prior since it was last updated.
    public func decayed(_ standing: Standing, to now: Double) -> Standing {
        let elapsed = max(0, now - standing.updated)
        guard elapsed > 0 else { return standing }
        var result = standing
        result.trust = prior + (standing.trust - prior) * pow(0.5, elapsed / halfLife)
        result.updated = now
        return result
    }

    /// `standing` after `event` at `now`.
    public func applying(_ event: ReputationEvent, to standing: Standing, at now: Double) -> Standing {
        var result = decayed(standing, to: now)
        switch event {
        case .clean: result.trust += cleanRise * (1 - result.trust)
        case .approved: result.trust += approvalRise * (1 - result.trust)
        case .held: result.trust -= holdFall * result.trust
        case .rejected: result.trust -= rejectFall * result.trust
        case .confirmedViolation: result.trust -= violationFall * result.trust
        }
        result.trust = min(1, max(0, result.trust))
        return result
    }
}

/// What happened that moves a user's trust.
public enum ReputationEvent: String, Sendable {
    case clean, approved, held, rejected, confirmedViolation
}
