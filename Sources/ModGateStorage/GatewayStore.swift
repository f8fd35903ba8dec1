import Logging
import ModGateCore

/// Everything the gateway keeps: one database behind it, SQLite in one process or PostgreSQL shared by several.
public protocol GatewayStore: MessageStore, ReviewStore, SanctionStore, RevocationStore, TokenKeyStore, AuditTrail, SettingsStore {
    /// Users' trust, as the reputation stage reads and moves it.
    var standings: any ReputationStore { get }
    /// Where the store is, for logs and hints: a file path, or a URL without its password.
    var location: String { get }
    /// A group-commit writer that puts at most `batchSize` messages in one transaction.
    /// - Parameter onCommit: called with each transaction's new messages, in commit order, once they are durable
    ///   and before their senders are resumed.
    func makeWriter(batchSize: Int, logger: Logger, onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void)
        -> any MessageWriter
    /// The channel to the other gateways sharing this store; nil for a store only one gateway opens (SQLite).
    var cluster: (any ClusterChannel)? { get }
    /// Writes the trust updates not yet stored.
    func flush() async throws
    /// Closes the store's connections; later calls fail. Stop the writer first.
    func close() async throws
}
