/// The outcome of recomputing the audit chain.
public enum AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// Every entry follows the one before and hashes to its stored hash.
    case intact(entries: Int)
    /// The first entry at which the chain breaks.
    case broken(entryID: Int64, problem: AuditProblem)

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
}
