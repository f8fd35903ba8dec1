import ModGateAPI

// The admin API's answers are the types `make generate` makes from openapi.yaml; these are the names the commands use.

typealias QueueItem = Components.Schemas.QueueItem
typealias QueueDetail = Components.Schemas.QueueDetail
typealias HistoryEntry = Components.Schemas.HistoryEntry
typealias Standing = Components.Schemas.Standing
typealias UserReport = Components.Schemas.User
typealias AuditRow = Components.Schemas.AuditEntry
typealias LiveCallRow = Components.Schemas.Call
typealias TokenKeyRow = Components.Schemas.TokenKey
typealias RevokeAnswer = Components.Schemas.Revoked
/// A matched span: UTF-8 byte offsets into the message text.
typealias MatchSpan = Components.Schemas.Finding.SpansPayloadPayload

extension Components.Schemas.QueueItem {
    /// Claimed by someone whose lease has not run out at `now`.
    func claimHolder(now: Double) -> String? {
        guard status == .pending, let claimedBy, (claimExpires ?? .infinity) > now else { return nil }
        return claimedBy
    }
}
