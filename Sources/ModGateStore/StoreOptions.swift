import ModGateStorage

/// How the store opens its database file.
public struct StoreOptions: Sendable {
    /// When a commit is on disk: the trade between throughput and what a crash can take.
    public enum Synchronous: String, Sendable {
        /// WAL with `synchronous=NORMAL`: a committed transaction survives a process crash, not a power loss.
        case normal = "NORMAL"
        /// WAL with `synchronous=FULL`: every commit is fsynced, so it survives a power loss too.
        case full = "FULL"
    }

    /// Durability of commits; see docs/store.md.
    public var synchronous: Synchronous
    /// Seconds a connection waits for a lock held by another process before failing.
    public var busyTimeout: Double
    /// Opens the file read-only and runs no migration: for `modgate audit verify` and other offline tools.
    public var readOnly: Bool
    /// The file with the audit chain's key; nil: `$MODGATE_AUDIT_KEY_FILE`, else `DATABASE.audit-key` (docs/store.md).
    public var auditKeyFile: String?
    /// Opens a database whose files (or audit key) group or others may read; otherwise a read-write open refuses it
    /// with `unsafePermissions` (`store.allow_readable`, docs/store.md).
    public var allowReadable: Bool

    public init(
        synchronous: Synchronous = .full, busyTimeout: Double = 5, readOnly: Bool = false, auditKeyFile: String? = nil,
        allowReadable: Bool = false
    ) {
        self.synchronous = synchronous
        self.busyTimeout = busyTimeout
        self.readOnly = readOnly
        self.auditKeyFile = auditKeyFile
        self.allowReadable = allowReadable
    }
}
