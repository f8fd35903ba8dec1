/// What an audit entry records, before the log numbers and chains it.
public struct AuditRecord: Sendable, Equatable {
    /// Seconds since 1970.
    public var time: Double
    /// Who acted: "modgate" for automatic verdicts, otherwise the moderator or admin.
    public var actor: String
    /// What was done, for example "verdict.hold", "review.approve", "token.issue", "rules.reload".
    public var action: String
    /// What it was done to, for example "message:42" or "user:alice".
    public var subject: String
    /// Why.
    public var reason: String
    /// The rule ids behind it.
    public var rules: [String]
    /// Anything else worth keeping, as text.
    public var details: [String: String]

    public init(
        time: Double, actor: String, action: String, subject: String, reason: String = "", rules: [String] = [],
        details: [String: String] = [:]
    ) {
        self.time = time
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.rules = rules
        self.details = details
    }
}

/// An entry of the hash-chained audit log as stored.
public struct AuditEntry: Sendable, Equatable {
    /// Position in the log: 1, 2, 3, ... without gaps.
    public var id: Int64
    public var record: AuditRecord
    /// The previous entry's hash; 64 zeros for the first entry.
    public var prevHash: String
    /// Hex SHA-256 over `prevHash` and the canonical encoding of this entry (see docs/store.md).
    public var hash: String

    package init(id: Int64, record: AuditRecord, prevHash: String, hash: String) {
        self.id = id
        self.record = record
        self.prevHash = prevHash
        self.hash = hash
    }
}
