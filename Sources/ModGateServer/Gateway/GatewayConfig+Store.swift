import ModGateStorage
import ModGateStore

/// The one place the gateway names a store implementation: everything else holds a ``GatewayStore``.
extension GatewayConfig {
    /// How the store opens the database these settings name.
    public var storeOptions: StoreOptions {
        StoreOptions(synchronous: synchronous, auditKeyFile: auditKeyFile, allowReadable: allowReadableDatabase)
    }

    /// Opens the database these settings name, creating it and bringing its schema up to date.
    /// - Throws: `StoreError`.
    public func openStore() throws -> any GatewayStore {
        try Store(path: database, options: storeOptions)
    }
}
