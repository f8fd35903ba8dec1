import ModGateCore

/// What every store writes for what it does, so that the gateway reads the same audit trail and errors whichever
/// database is behind it.
extension AuditRecord {
    /// The automatic verdict on stored message `id` (every action but allow).
    package static func verdict(on message: NewMessage, id: Int64, rules: [String]) -> AuditRecord {
        let verdict = message.verdict
        return AuditRecord(
            time: message.time, actor: "modgate", action: "verdict.\(verdict.action.rawValue)", subject: "message:\(id)",
            reason: verdict.reason ?? "", rules: rules,
            details: ["room": message.room, "user": message.user, "score": "\(verdict.score)"])
    }

    /// A moderator's approval or rejection of `item`.
    package static func decision(on item: ReviewItem, approved: Bool, by moderator: String, note: String?, now: Double)
        -> AuditRecord
    {
        AuditRecord(
            time: now, actor: moderator, action: approved ? "review.approve" : "review.reject",
            subject: "message:\(item.messageID)", reason: note ?? "", rules: item.rules,
            details: ["room": item.room, "user": item.user])
    }

    /// A moderator's claim on `item` until `until`.
    package static func claim(on item: ReviewItem, by moderator: String, until: Double, now: Double) -> AuditRecord {
        AuditRecord(
            time: now, actor: moderator, action: "review.claim", subject: "message:\(item.messageID)", rules: item.rules,
            details: ["until": "\(until)"])
    }

    /// A moderator's removal of delivered `message`.
    package static func removal(of message: StoredMessage, by moderator: String, reason: String, now: Double) -> AuditRecord {
        AuditRecord(
            time: now, actor: moderator, action: "message.remove", subject: "message:\(message.id)", reason: reason,
            details: ["room": message.room, "user": message.user])
    }
}

/// A change to a user's sanctions.
package enum SanctionChange: Sendable {
    /// A mute until a time, or none (unmute).
    case mute(until: Double?)
    case ban
    case unban

    /// Its audit entry.
    package func record(user: String, by actor: String, reason: String, now: Double) -> AuditRecord {
        let (action, details): (String, [String: String]) =
            switch self {
            case .mute(let until?): ("user.mute", ["until": "\(until)"])
            case .mute(nil): ("user.unmute", [:])
            case .ban: ("user.ban", [:])
            case .unban: ("user.unban", [:])
            }
        return AuditRecord(time: now, actor: actor, action: action, subject: "user:\(user)", reason: reason, details: details)
    }
}

extension Revocation {
    /// How the stores keep it: its kind (`user` or `token`) and its subject (the user id or the token id).
    package var row: (kind: String, subject: String) {
        switch self {
        case .user(let user, _): ("user", user)
        case .token(let id, _): ("token", id)
        }
    }

    /// The revocation a stored row holds; nil for a kind this version does not know.
    package init?(kind: String, subject: String, at: Double) {
        switch kind {
        case "user": self = .user(subject, at: at)
        case "token": self = .token(id: subject, at: at)
        default: return nil
        }
    }

    /// Its audit entry: `token.revoke` of `user:ID` (with the time before which tokens are revoked) or `token:JTI`.
    package func record(by actor: String, reason: String, now: Double) -> AuditRecord {
        let (kind, subject) = row
        let details = if case .user(_, let at) = self { ["issued_before": "\(at)"] } else { [String: String]() }
        return AuditRecord(time: now, actor: actor, action: "token.revoke", subject: "\(kind):\(subject)", reason: reason, details: details)
    }
}

extension ReviewStatus {
    /// The status a `review_items` row holds. - Throws: `.incompatibleSchema` for a status this version does not know.
    package init(stored raw: String) throws(StoreError) {
        guard let status = ReviewStatus(rawValue: raw) else {
            throw StoreError(.incompatibleSchema, "unknown review status '\(raw)'")
        }
        self = status
    }
}

extension NewMessage {
    /// How long a `cid` keeps answering for its message: a resend within it is the same send (docs/gateway.md).
    package static let resendWindow = 86_400.0
}

extension StoreError {
    /// No message with that id.
    package static func noMessage(_ id: Int64) -> StoreError { StoreError(.notFound, "no message \(id)") }

    /// No review item with that id.
    package static func noHeldMessage(_ id: Int64) -> StoreError {
        StoreError(.notFound, "no held message \(id): only held messages are reviewed")
    }

    /// A removal of a message that is not delivered.
    package static func notRemovable(_ message: StoredMessage) -> StoreError {
        StoreError(
            .wrongStatus,
            "message \(message.id) is \(message.status.rawValue), not delivered: only delivered messages can be removed")
    }

    /// A decision on a message another decision took out of `held` meanwhile.
    package static func noLongerHeld(_ id: Int64) -> StoreError {
        StoreError(.wrongStatus, "message \(id) is no longer held")
    }
}
