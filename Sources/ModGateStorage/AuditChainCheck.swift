/// Verifies the audit chain one entry at a time, oldest first: each entry must link to the one before, carry the
/// next id, hash to its stored hash (an HMAC with the key when keyed), and no unkeyed entry may follow a keyed one.
package struct AuditChainCheck {
    let key: AuditKey?
    private var previous: (id: Int64, hash: String)?
    private var count = 0
    private var keyedSeen = false

    package init(key: AuditKey?) { self.key = key }

    /// The outcome when `row` breaks the chain, or nil when it holds.
    package mutating func check(_ entry: AuditColumns) -> AuditVerification? {
        let (id, prevHash, keyed) = (entry.id, entry.prevHash, entry.keyed)
        guard prevHash == previous?.hash ?? AuditHash.genesis else {
            return .broken(entryID: id, problem: .unlinked(previous: previous?.id))
        }
        if !keyed && keyedSeen { return .broken(entryID: id, problem: .unkeyed) }
        if keyed && key == nil { return .unverifiable(entryID: id) }
        let expected = AuditHash.hash(key: keyed ? key : nil, columns: entry)
        guard expected == entry.hash else { return .broken(entryID: id, problem: .altered) }
        if id != (previous?.id ?? 0) + 1 {
            return .broken(entryID: id, problem: previous.map { .gap(previous: $0.id) } ?? .unlinked(previous: nil))
        }
        keyedSeen = keyedSeen || keyed
        previous = (id, expected)
        count += 1
        return nil
    }

    /// The outcome once every entry passed `check`, given the hash of the anchor's entry if it was seen.
    package func finish(anchor: AuditAnchor?, anchoredHash: String?) -> AuditVerification {
        // Entries an older ModGate wrote are closed by a keyed entry; without one, the log was written without the key.
        if let previous, !keyedSeen { return .broken(entryID: previous.id, problem: .unkeyed) }
        if let anchor {
            guard let anchoredHash else { return .broken(entryID: anchor.id, problem: .missing(last: previous?.id)) }
            guard anchoredHash == anchor.hash else { return .broken(entryID: anchor.id, problem: .notAnchored) }
        }
        return .intact(entries: count)
    }
}
