import Logging
import Synchronization

/// Group commit, whatever the database: every message waiting when a transaction starts goes into that one
/// transaction. Each store supplies the transaction (`commit`) and what to write when the writer stops (`finish`).
///
/// `submit` queues its message; `run` takes whatever is queued (up to `batchSize`), commits it in one
/// transaction, then resumes every waiter. While that transaction runs, new messages queue up for the next
/// one, so the batch grows with the load. The queue is unbounded: the server bounds it by bounding
/// connections and in-flight sends.
package final class GroupCommitWriter: MessageWriter {
    /// What a transaction stored for one submitted message: a new row, or the original of a resend.
    package struct Outcome: Sendable {
        package var message: StoredMessage
        package var new: Bool

        package init(message: StoredMessage, new: Bool) {
            self.message = message
            self.new = new
        }
    }

    private struct Request: Sendable {
        var message: NewMessage
        var ticket: CommitTicket
    }

    private struct State {
        var queue: [Request] = []
        var stopped = false
    }

    private let batchSize: Int
    private let logger: Logger
    private let commit: @Sendable ([NewMessage]) async throws -> [Outcome]
    private let finish: @Sendable () async throws -> Void
    private let onCommit: @Sendable ([StoredMessage], Duration) -> Void
    private let state = Mutex(State())
    private let counters = Mutex(WriterStatistics())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// Held from a transaction's start to the end of its `onCommit`, and by `sequenced` callers: messages
    /// are numbered and published in one order.
    private let numbering = AsyncLock()

    /// - Parameters:
    ///   - commit: one transaction storing `messages` (and the pending trust updates), one outcome per message
    ///     in order; it throws a ``StoreError``.
    ///   - finish: writes the pending trust updates when the writer stops.
    ///   - onCommit: called with each transaction's new messages, in commit order, once they are durable and
    ///     before their senders are resumed (the delivery hub publishes from here, so rooms stay in order).
    package init(
        batchSize: Int, logger: Logger, onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void,
        commit: @escaping @Sendable ([NewMessage]) async throws -> [Outcome],
        finish: @escaping @Sendable () async throws -> Void
    ) {
        precondition(batchSize > 0, "batchSize must be positive")
        self.batchSize = batchSize
        self.logger = logger
        self.onCommit = onCommit
        self.commit = commit
        self.finish = finish
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Messages waiting for the next transaction.
    package var queuedCount: Int { state.withLock { $0.queue.count } }

    package var statistics: WriterStatistics { counters.withLock { $0 } }

    package func submit(_ message: NewMessage) -> CommitTicket {
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

    /// No group commit numbers or publishes a message while `body` runs, so each room's messages are published
    /// in the order they were numbered. `body` runs to the end even if the caller is cancelled.
    package func sequenced<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { [numbering] in try await numbering.withLock(body) }.value
    }

    package func run() async throws {
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
        await stop()
    }

    /// Commits `batch`, then resumes its waiters.
    private func write(_ batch: [Request]) async {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            // Its own task, so that cancelling `run` never cuts a transaction short: the batch finishes.
            let stored = try await Task { [commit] in try await commit(batch.map(\.message)) }.value
            let duration = clock.now - start
            counters.withLock {
                $0.transactionsCommitted += 1
                $0.messagesCommitted += batch.count
                $0.lastCommitDuration = duration
                $0.lastBatchSize = batch.count
            }
            onCommit(stored.filter(\.new).map(\.message), duration)
            for (request, result) in zip(batch, stored) { request.ticket.resolve(.success(result.message)) }
        } catch {
            let failure = error as? StoreError ?? StoreError(.databaseFailed, "the group commit failed: \(error)", cause: error)
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
    private func stop() async {
        wake.finish()
        do {
            // Its own task: `run` was cancelled, and the trust updates are written all the same.
            try await Task { [finish] in try await finish() }.value
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
