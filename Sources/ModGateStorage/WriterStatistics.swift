/// Counters of a ``StoreWriter`` for a metrics layer to read.
public struct WriterStatistics: Sendable, Equatable {
    /// Group-commit transactions committed.
    public var transactionsCommitted = 0
    /// Messages committed, over all transactions.
    public var messagesCommitted = 0
    /// Transactions that failed (every message in them failed too).
    public var transactionsFailed = 0
    /// How long the last committed transaction took, from begin to durable commit.
    public var lastCommitDuration: Duration = .zero
    /// Messages in the last committed transaction.
    public var lastBatchSize = 0

    public init() {}
}
