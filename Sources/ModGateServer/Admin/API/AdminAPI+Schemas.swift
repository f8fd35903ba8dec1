import ModGateAPI
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
