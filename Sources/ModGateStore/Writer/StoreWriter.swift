import GRDB
import Logging
import ModGateCore
import ModGateStorage

/// Group commit into the SQLite store: a ``GroupCommitWriter`` whose transaction writes each message, the room's
/// next `seq` for delivered ones, a review item for held ones, an audit entry for every non-allow verdict, and the
/// pending trust updates. The single writer connection holds the database, so nothing numbers messages in between.
public final class StoreWriter: MessageWriter {
    private let writer: GroupCommitWriter

    /// A writer for `store` that puts at most `batchSize` messages in one transaction.
    /// - Parameter onCommit: called with each transaction's messages, in commit order, once they are durable
    ///   and before their senders are resumed (the delivery hub publishes from here, so rooms stay in order).
    public init(
        store: Store, batchSize: Int = 512, logger: Logger = Logger(label: "modgate.store"),
        onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void = { _, _ in }
    ) {
        writer = GroupCommitWriter(
            batchSize: batchSize, logger: logger, onCommit: onCommit,
            commit: { messages in try await Self.commit(messages, to: store) },
            finish: { try store.flushReputation() })
    }

    /// Messages waiting for the next transaction.
    var queuedCount: Int { writer.queuedCount }

    /// A snapshot of the counters.
    public var statistics: WriterStatistics { writer.statistics }

    /// Queues `message` for the next transaction now, in call order, and returns its ticket.
    public func submit(_ message: NewMessage) -> CommitTicket { writer.submit(message) }

    /// Runs `body`, a transaction that numbers messages outside the writer (an approval) and publishes them,
    /// between group commits, so that each room's messages are published in the order they were numbered.
    public func sequenced<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await writer.sequenced(body)
    }

    /// Commits queued messages until the task is cancelled, then fails what is still queued. Call it once.
    public func run() async throws { try await writer.run() }

    /// Writes `messages` and the pending trust updates in one transaction.
    private static func commit(_ messages: [NewMessage], to store: Store) async throws -> [GroupCommitWriter.Outcome] {
        let standings = store.reputation.pendingWrites()
        do {
            let stored = try await store.transaction { db in
                try StandingRows.write(standings, in: db)
                var seqs = SequenceTaker()
                // A resend (same user and cid) answers with the message first stored; the batch may hold both.
                let stored = try messages.map { message in
                    if let original = try MessageWrites.original(of: message, in: db) {
                        return GroupCommitWriter.Outcome(message: original, new: false)
                    }
                    return GroupCommitWriter.Outcome(
                        message: try MessageWrites.insert(message, seqs: &seqs, audit: store.auditLog, in: db), new: true)
                }
                try seqs.finish(in: db)
                return stored
            }
            store.reputation.didPersist(standings)
            return stored
        } catch {
            throw StoreError(wrapping: error)
        }
    }
}
