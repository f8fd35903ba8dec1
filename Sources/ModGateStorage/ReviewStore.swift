/// Held messages and what moderators decide about them; every decision is audited in its transaction.
public protocol ReviewStore: Sendable {
    /// Approves (`approve`) or rejects a held message: approved, it is delivered with its room's next sequence
    /// number; rejected, it is never shown. Fails with `.alreadyDecided` (naming who and when) or `.claimed`
    /// (naming the holder).
    func decide(messageID: Int64, moderator: String, note: String?, now: Double, approve: Bool) async throws -> StoredMessage
    /// Removes a delivered message: it leaves history and resumes become retractions.
    func remove(messageID: Int64, moderator: String, reason: String, now: Double) async throws -> StoredMessage
    /// Claims a pending item for `lease` seconds.
    func claim(messageID: Int64, moderator: String, lease: Double, now: Double) async throws -> ReviewItem
    /// Review items, oldest first, filtered by whichever of the arguments are given.
    func reviewItems(
        room: String?, rule: String?, user: String?, olderThan: Double?, status: ReviewStatus?, limit: Int
    ) async throws -> [ReviewItem]
    /// The review item of message `messageID`, if it was held.
    func reviewItem(messageID: Int64) async throws -> ReviewItem?
    /// How many items wait for a decision.
    func pendingReviewCount() async throws -> Int
}

extension ReviewStore {
    /// Approves a held message: it is delivered with its room's next sequence number.
    public func approve(messageID: Int64, moderator: String, note: String? = nil, now: Double) async throws -> StoredMessage {
        try await decide(messageID: messageID, moderator: moderator, note: note, now: now, approve: true)
    }

    /// Rejects a held message: it is never shown.
    @discardableResult
    public func reject(messageID: Int64, moderator: String, note: String? = nil, now: Double) async throws -> StoredMessage {
        try await decide(messageID: messageID, moderator: moderator, note: note, now: now, approve: false)
    }
}

/// Mutes and bans; every change is audited in its transaction.
public protocol SanctionStore: Sendable {
    /// Mutes `user` until `until` (seconds since 1970), or lifts the mute when `until` is nil.
    func mute(user: String, until: Double?, by actor: String, reason: String, now: Double) async throws
    func ban(user: String, by actor: String, reason: String, now: Double) async throws
    func unban(user: String, by actor: String, reason: String, now: Double) async throws
    /// The sanctions on `user`; none for a user never seen.
    func sanction(of user: String) async throws -> Sanction
}
