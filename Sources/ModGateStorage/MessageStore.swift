/// Messages as subscribers, resumes and moderators read them. Writes go through a ``MessageWriter``.
///
/// Every method fails with ``StoreError`` only.
public protocol MessageStore: Sendable {
    /// The visible messages of `room` with a sequence number above `seq`, oldest first, at most `limit`.
    func messages(in room: String, after seq: Int64, limit: Int) async throws -> [StoredMessage]
    /// Delivered and removed messages of `room` in `seq+1...last`, oldest first, at most `limit`: a resume page,
    /// in which a removed message becomes a retraction.
    func resumePage(in room: String, after seq: Int64, through last: Int64, limit: Int) async throws -> [StoredMessage]
    /// A resume page of each range's room, at most `limit` messages each, in one read where the store can: what a
    /// gateway sharing the store reads after a burst of other gateways' commits.
    func resumePages(_ ranges: [ResumeRange], limit: Int) async throws -> [String: [StoredMessage]]
    /// The highest sequence number `room` has given out; 0 for a room without messages.
    func lastSeq(of room: String) async throws -> Int64
    /// Every room's highest sequence number.
    func lastSequences() async throws -> [String: Int64]
    /// The message with that id, whatever its status.
    func message(id: Int64) async throws -> StoredMessage?
    /// The message with that id with what moderators see of it.
    func moderatedMessage(id: Int64) async throws -> ModeratedMessage?
    /// The messages with those ids with what moderators see of them, by id; unknown ids are left out.
    func moderatedMessages(ids: [Int64]) async throws -> [Int64: ModeratedMessage]
    /// `user`'s newest messages, newest first, at most `limit`.
    func userHistory(user: String, limit: Int) async throws -> [ModeratedMessage]
    /// The visible messages of `room` that arrived before `time`, oldest first, the newest `limit` of them.
    func visibleMessages(in room: String, before time: Double, limit: Int) async throws -> [StoredMessage]
}

/// The numbers of one room a resume reads: `after+1...through`.
public struct ResumeRange: Sendable, Equatable {
    public var room: String
    public var after: Int64
    public var through: Int64

    public init(room: String, after: Int64, through: Int64) {
        self.room = room
        self.after = after
        self.through = through
    }
}

extension MessageStore {
    /// One `resumePage` per range, for a store where a read costs no round trip.
    public func resumePages(_ ranges: [ResumeRange], limit: Int) async throws -> [String: [StoredMessage]] {
        var pages: [String: [StoredMessage]] = [:]
        for range in ranges {
            pages[range.room] = try await resumePage(in: range.room, after: range.after, through: range.through, limit: limit)
        }
        return pages
    }
}

/// Group commit: every message waiting when a transaction starts goes into that one transaction, which numbers
/// each room's visible messages in the order they were submitted.
public protocol MessageWriter: Sendable {
    /// Queues `message` for the next transaction now, in call order, and returns its ticket.
    func submit(_ message: NewMessage) -> CommitTicket
    /// Runs `body`, a transaction that numbers messages outside the writer (an approval) and publishes them,
    /// between group commits, so that each room's messages are published in the order they were numbered.
    func sequenced<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T
    /// Commits queued messages until the task is cancelled, then fails what is still queued. Call it once.
    func run() async throws
    /// A snapshot of the counters.
    var statistics: WriterStatistics { get }
}

extension MessageWriter {
    /// Stores `message` and returns it once the transaction holding it is durable.
    public func commit(_ message: NewMessage) async throws -> StoredMessage {
        try await submit(message).value()
    }
}
