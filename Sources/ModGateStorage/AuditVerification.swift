/// The outcome of recomputing the audit chain.
public enum AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// Every entry follows the one before and hashes to its stored hash.
    case intact(entries: Int)
    /// The first entry at which the chain breaks.
    case broken(entryID: Int64, problem: AuditProblem)
    /// The entries up to this one verify; this one is keyed and the store has no key to check it with.
    case unverifiable(entryID: Int64)

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .intact(let entries): "audit log intact: \(entries) entries"
        case .broken(let id, .altered): "audit entry \(id) was altered: its content does not match its hash"
        case .broken(let id, .unlinked(let previous)):
            "audit entry \(id) does not follow entry \(previous.map(String.init) ?? "none"): an entry before it was deleted, inserted or moved"
        case .broken(let id, .gap(let previous)):
            "audit entry \(id) follows entry \(previous): the entries between them were deleted"
        case .broken(let id, .unkeyed):
            "audit entry \(id) has no HMAC where the log is keyed: it was written or rewritten without the audit key"
        case .broken(let id, .missing(let last)):
            "the anchored entry \(id) is gone: the log ends at entry \(last.map(String.init) ?? "0"), so its newest entries were deleted"
        case .broken(let id, .notAnchored):
            "audit entry \(id) is not the entry the anchor recorded: the log was rewritten"
        case .unverifiable(let id):
            "audit entry \(id) is keyed and no audit key was given to verify it"
        }
    }
}

/// How an audit entry fails verification.
public enum AuditProblem: Sendable, Equatable {
    /// Its columns do not hash to its stored hash: the entry was edited.
    case altered
    /// Its `prev_hash` is not the hash of the entry before it (id given; nil when it is the first).
    case unlinked(previous: Int64?)
    /// Its id does not follow the previous entry's id although the hashes link: entries were cut out.
    case gap(previous: Int64)
    /// A plain SHA-256 where an HMAC is required: after a keyed entry, or with no keyed entry closing the log.
    case unkeyed
    /// The anchor's entry is not in the log, which ends at `last`: the newest entries were deleted.
    case missing(last: Int64?)
    /// The anchor's entry has another hash than the anchor recorded.
    case notAnchored
}

/// No checkpoint for a log that does not verify.
public struct AuditHeadError: Error, Sendable {
    public var verification: AuditVerification

    public init(verification: AuditVerification) { self.verification = verification }
}
