import Foundation

/// The hash-chained, append-only audit log: one chain however many gateways write to it.
public protocol AuditTrail: Sendable {
    /// Appends an entry for an action the store does not record by itself (token issue, rules reload).
    @discardableResult
    func appendAudit(_ record: AuditRecord) async throws -> AuditEntry
    /// Appends `records` in order, in one transaction.
    func appendAudit(_ records: [AuditRecord]) async throws
    /// Entries with an id above `id`, oldest first: `after: 0` starts at the beginning.
    func auditEntries(after id: Int64, limit: Int) async throws -> [AuditEntry]
    /// Recomputes the whole chain and names the first entry that breaks it; with `anchor`, also that the log
    /// still holds the anchored entry unchanged.
    func verifyAudit(anchor: AuditAnchor?) async throws -> AuditVerification
    /// The newest entry as a checkpoint, without verifying the chain; nil for an empty log.
    func latestAuditAnchor() async throws -> AuditAnchor?
}

extension AuditTrail {
    /// The checkpoint of the newest entry, once the whole chain verifies; nil for an empty log.
    /// - Throws: ``AuditHeadError`` with the verification when the chain does not verify.
    public func auditHead() async throws -> AuditAnchor? {
        let verification = try await verifyAudit(anchor: nil)
        guard case .intact = verification else { throw AuditHeadError(verification: verification) }
        return try await latestAuditAnchor()
    }
}

/// What the gateway keeps beside the messages: the token secret and the spam model it learned.
public protocol SettingsStore: Sendable {
    /// The secret that signs tokens, if one was set.
    func secret() async throws -> Data?
    /// Replaces the token secret.
    func setSecret(_ secret: Data) async throws
    /// Keeps `candidate` as the token secret unless one is kept already, and returns the one kept: another
    /// gateway's, when two start at once on a new database.
    func keepSecret(_ candidate: Data) async throws -> Data
    /// The trained spam model, if one was stored.
    func spamModel() async throws -> Data?
    /// Replaces the spam model.
    func setSpamModel(_ model: Data) async throws
}
