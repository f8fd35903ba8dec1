import GRDB
import Logging
import ModGateCore
import ModGateStorage
import Synchronization

/// Group commit: every message waiting when a transaction starts goes into that one transaction.
///
/// `commit` queues its message and suspends; `run` takes whatever is queued (up to `batchSize`), writes
/// it in one transaction with one sync, then resumes every waiter. While that transaction runs, new
/// messages queue up for the next one, so the batch grows with the load. The queue is unbounded: the
/// server bounds it by bounding connections and in-flight sends.
public final class StoreWriter: MessageWriter {
    private struct Request: Sendable {
        var message: NewMessage
        var ticket: CommitTicket
    }

    private struct State {
        var queue: [Request] = []
        var stopped = false
    }

    private let store: Store
    private let batchSize: Int
    private let logger: Logger
    private let state = Mutex(State())
    private let counters = Mutex(WriterStatistics())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let onCommit: @Sendable ([StoredMessage], Duration) -> Void
    /// Held from a transaction's start to the end of its `onCommit`, and by `sequenced` callers: messages
    /// are numbered and published in one order.
    private let numbering = AsyncLock()

    /// A writer for `store` that puts at most `batchSize` messages in one transaction.
    /// - Parameter onCommit: called with each transaction's messages, in commit order, once they are durable
    ///   and before their senders are resumed (the delivery hub publishes from here, so rooms stay in order).
    public init(
        store: Store, batchSize: Int = 512, logger: Logger = Logger(label: "modgate.store"),
        onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void = { _, _ in }
    ) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.store = store
        self.batchSize = batchSize
        self.logger = logger
        self.onCommit = onCommit
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Messages waiting for the next transaction.
    var queuedCount: Int { state.withLock { $0.queue.count } }

    /// A snapshot of the counters.
    public var statistics: WriterStatistics { counters.withLock { $0 } }

    /// Queues `message` for the next transaction now, in call order, and returns its ticket.
    public func submit(_ message: NewMessage) -> CommitTicket {
        let ticket = CommitTicket()
        let accepted = state.withLock { state in
            guard !state.stopped else { return false }
            state.queue.append(Request(message: message, ticket: ticket))
            return true
        }
        if accepted {
            wake.yield()
        } else {
            ticket.resolve(.failure(StoreError(.writerStopped, "the store writer has stopped; the message was not stored")))
        }
        return ticket
    }

    /// Runs `body`, a transaction that numbers messages outside the writer (an approval) and publishes them,
    /// between group commits: no group commit numbers or publishes a message meanwhile, so each room's
    /// messages are published in the order they were numbered. `body` runs to the end even if the caller
    /// is cancelled.
    public func sequenced<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { [numbering] in try await numbering.withLock(body) }.value
    }

    /// Commits queued messages until the task is cancelled, then fails what is still queued. Call it once.
    public func run() async throws {
        defer { stop() }
        for await _ in wakeups {
            while !Task.isCancelled {
                let batch = state.withLock { state in
                    let count = min(batchSize, state.queue.count)
                    defer { state.queue.removeFirst(count) }
                    return Array(state.queue.prefix(count))
                }
                if batch.isEmpty { break }
                await numbering.withLock { await write(batch) }
            }
            if Task.isCancelled { break }
        }
    }

    /// Writes `batch` and the pending trust updates in one transaction, then resumes its waiters.
    private func write(_ batch: [Request]) async {
        let messages = batch.map(\.message)
        let standings = store.reputation.pendingWrites()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            // Its own task, so that cancelling `run` never cuts a transaction short: the batch finishes.
            let stored = try await Task { [store] in
                try await store.transaction { db in
                    try StandingRows.write(standings, in: db)
                    var seqs = SequenceTaker()
                    // A resend (same user and cid) answers with the message first stored; the batch may hold both.
                    let stored = try messages.map { message in
                        if let original = try MessageWrites.original(of: message, in: db) { return (message: original, new: false) }
                        return (message: try MessageWrites.insert(message, seqs: &seqs, audit: store.auditLog, in: db), new: true)
                    }
                    try seqs.finish(in: db)
                    return stored
                }
            }.value
            let duration = clock.now - start
            store.reputation.didPersist(standings)
            counters.withLock {
                $0.transactionsCommitted += 1
                $0.messagesCommitted += batch.count
                $0.lastCommitDuration = duration
                $0.lastBatchSize = batch.count
            }
            onCommit(stored.filter(\.new).map(\.message), duration)
            for (request, result) in zip(batch, stored) { request.ticket.resolve(.success(result.message)) }
        } catch {
            let failure = StoreError(wrapping: error)
            counters.withLock { $0.transactionsFailed += 1 }
            logger.error(
                "Group commit failed",
                metadata: [
                    "store.batch.size": "\(batch.count)", "store.error.code": "\(failure.code.rawValue)",
                    "error": "\(String(reflecting: failure.cause ?? failure))",
                ])
            for request in batch { request.ticket.resolve(.failure(failure)) }
        }
    }

    /// Refuses new messages, fails those still queued and writes the pending trust updates.
    private func stop() {
        wake.finish()
        do {
            try store.flushReputation()
        } catch {
            logger.error("Trust updates not written", metadata: ["error": "\(String(reflecting: error))"])
        }
        let leftover = state.withLock { state in
            state.stopped = true
            defer { state.queue.removeAll() }
            return state.queue
        }
        for request in leftover {
            request.ticket.resolve(.failure(StoreError(.writerStopped, "the store writer stopped before storing the message")))
        }
    }
}
