import ModGateStorage

/// How the PostgreSQL store connects and where it finds its audit key.
public struct PostgresStoreOptions: Sendable {
    /// The most connections the store's pool opens (the listener has one more of its own).
    public var poolSize: Int
    /// The file with the audit chain's key; nil: `$MODGATE_AUDIT_KEY_FILE`. Required: PostgreSQL keeps no file beside
    /// itself, and every node sharing the database must name the same key.
    public var auditKeyFile: String?
    /// Opens the store even when group or others may read the audit key file; otherwise opening refuses it with
    /// `unsafePermissions` (`store.allow_readable`).
    public var allowReadable: Bool

    public init(poolSize: Int = 8, auditKeyFile: String? = nil, allowReadable: Bool = false) {
        self.poolSize = poolSize
        self.auditKeyFile = auditKeyFile
        self.allowReadable = allowReadable
    }
}
