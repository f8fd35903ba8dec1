import Logging
import ModGatePostgres
import ModGateStorage
import ModGateStore

/// The one place the gateway names store implementations: everything else holds a ``GatewayStore``.
extension GatewayConfig {
    /// How the store opens the SQLite database these settings name.
    public var storeOptions: StoreOptions {
        StoreOptions(synchronous: synchronous, auditKeyFile: auditKeyFile, allowReadable: allowReadableDatabase)
    }

    /// Whether the settings name a PostgreSQL database (`store.url`, or `--db postgres://...`).
    public var sharesStore: Bool { StoreLocation.isPostgres(database) }

    /// Opens the database these settings name, creating it and bringing its schema up to date.
    /// - Throws: `StoreError`.
    public func openStore(logger: Logger) async throws -> any GatewayStore {
        guard sharesStore else { return try Store(path: database, options: storeOptions) }
        return try await PostgresStore.open(
            url: database, options: PostgresStoreOptions(poolSize: poolSize, auditKeyFile: auditKeyFile, allowReadable: allowReadableDatabase), logger: logger)
    }
}
