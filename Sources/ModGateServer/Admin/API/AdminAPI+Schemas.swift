import ModGateAPI
import ModGateCore
import ModGateStorage

extension Components.Schemas.Call {
    init(_ call: LiveCall) {
        self.init(
            callId: call.id, room: call.room, caller: call.caller, callee: call.callee, state: .init(rawValue: call.state) ?? .ringing,
            invited: call.invited, answered: call.answered)
    }
}

extension Components.Schemas.AuditEntry {
    init(_ entry: ModGateStorage.AuditEntry) {
        let record = entry.record
        self.init(
            id: entry.id, time: record.time, actor: record.actor, action: record.action, subject: record.subject,
            reason: record.reason, rules: record.rules, details: .init(additionalProperties: record.details),
            prevHash: entry.prevHash, hash: entry.hash)
    }
}

extension Components.Schemas.QueueItem {
    /// A held message and its review state; `message` gives the score and the reason.
    init(_ item: ReviewItem, message: ModeratedMessage?) {
        self.init(
            id: item.messageID, room: item.room, user: item.user, text: item.text, rules: item.rules, score: message?.score,
            reason: message?.message.reason, createdAt: item.createdAt, status: .init(item.status), claimedBy: item.claimedBy,
            claimExpires: item.claimExpires, decidedBy: item.decidedBy, decidedAt: item.decidedAt, note: item.note)
    }
}

extension Components.Schemas.HistoryEntry {
    init(_ moderated: ModeratedMessage) {
        let message = moderated.message
        self.init(
            id: message.id, room: message.room, text: moderated.originalText, verdict: .init(message.action),
            status: message.status.rawValue, score: moderated.score, ts: message.time)
    }
}

extension Components.Schemas.Finding {
    init(_ report: FindingReport) {
        self.init(
            stage: report.stage, rule: report.rule, action: .init(rawValue: report.action) ?? .allow, score: report.score,
            mode: .init(rawValue: report.mode) ?? .enforce, reason: report.reason, retryAfter: report.retryAfter,
            spans: report.spans?.map { .init(start: $0.start, end: $0.end, text: $0.text) })
    }
}

extension Components.Schemas.Msg {
    init(_ message: ServerFrame.Msg) {
        self.init(
            op: .msg, room: message.room, seq: message.seq, id: message.id, user: message.user, text: message.text, ts: message.ts)
    }
}

extension Components.Schemas.Action {
    init(_ action: ModGateCore.Action) {
        self = switch action {
        case .allow: .allow
        case .redact: .redact
        case .shadow: .shadow
        case .hold: .hold
        case .reject: .reject
        }
    }
}

extension Components.Schemas.ReviewStatus {
    init(_ status: ReviewStatus) {
        self = switch status {
        case .pending: .pending
        case .approved: .approved
        case .rejected: .rejected
        }
    }
}

extension ReviewStatus {
    init(_ status: Components.Schemas.ReviewStatus) {
        self = switch status {
        case .pending: .pending
        case .approved: .approved
        case .rejected: .rejected
        }
    }
}
