import GRDB
import Logging
import ModGateCore
import ModGateStorage

/// The SQLite store: messages with per-room sequence numbers, review items, users, the audit log and settings.
///
/// One `DatabasePool` per file (WAL): one writer connection, concurrent readers. Message commits go
/// through a ``StoreWriter``; moderator operations run their own write transaction. Every read and
/// write method is `async` and runs on GRDB's connection queues, never blocking the caller's thread,
/// except ``reputation`` whose protocol is synchronous. Every method fails with ``StoreError`` only, a
/// database error kept as its `cause`.
public final class Store: GatewayStore {
    /// The connection pool. Internal: other targets go through the store's methods.
    let pool: StorePool
    /// Users' trust, cached in memory and written behind with the writer's transactions.
    public let reputation: CachedStandings
    /// The audit log with its key.
    let auditLog: AuditLog
    /// The database file's path.
    public let location: String

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Throws: `StoreError`, like every method of the store.
    public init(path: String, options: StoreOptions = StoreOptions()) throws {
        let keyFile = options.auditKeyFile ?? AuditKey.defaultPath(database: path)
        do {
            if !options.readOnly {
                try PrivateFile.prepare(database: path, auditKey: keyFile, allowReadable: options.allowReadable)
            }
            let database = try Self.open(path, options: options)
            pool = StorePool(database: database)
            auditLog = try AuditLog.open(
                keyFile: keyFile, pool: database,
                readOnly: options.readOnly)
        } catch {
            throw StoreError(wrapping: error)
        }
        reputation = CachedStandings { [pool] user in try await pool.read { db in try StandingRows.load(user, in: db) } }
        location = path
    }

    public var standings: any ReputationStore { reputation }

    /// One process opens a SQLite store: there is no other gateway to tell.
    public var cluster: (any ClusterChannel)? { nil }

    public func makeWriter(
        batchSize: Int, logger: Logger, onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void
    ) -> any MessageWriter {
        StoreWriter(store: self, batchSize: batchSize, logger: logger, onCommit: onCommit)
    }

    private static func open(_ path: String, options: StoreOptions) throws -> DatabasePool {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.readonly = options.readOnly
        config.busyMode = .timeout(options.busyTimeout)
        config.label = "ModGateStore"
        let synchronous = options.synchronous.rawValue
        let readOnly = options.readOnly
        config.prepareDatabase { db in
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        }
        let pool = try DatabasePool(path: path, configuration: config)
        let migrator = Schema.migrator
        if options.readOnly {
            let (complete, superseded) = try pool.read { db in
                (try migrator.hasCompletedMigrations(db), try migrator.hasBeenSuperseded(db))
            }
            guard complete, !superseded else {
                throw StoreError(.incompatibleSchema, "\(path) is not a ModGate database of this version; open it read-write once with this version of modgate")
            }
        } else {
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            guard !superseded else {
                throw StoreError(.incompatibleSchema, "\(path) was written by a newer modgate; upgrade modgate to open it")
            }
            try migrator.migrate(pool)
        }
        return pool
    }

    /// Closes the database connections; later calls fail. Stop the writer first.
    public func close() throws { try pool.close() }

    /// Writes the trust updates not yet on disk. The writer does it with every transaction and when it
    /// stops; call it when trust changed without a message commit following (tests, tools).
    public func flush() async throws {
        let pending = reputation.pendingWrites()
        guard !pending.isEmpty else { return }
        try await transaction { db in try StandingRows.write(pending, in: db) }
        reputation.didPersist(pending)
    }

    /// `flush()` for synchronous callers: the writer's shutdown.
    func flushReputation() throws {
        let pending = reputation.pendingWrites()
        guard !pending.isEmpty else { return }
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try StandingRows.write(pending, in: db)
                return .commit
            }
        }
        reputation.didPersist(pending)
    }

    /// Runs `body` in one immediate write transaction that commits when it returns and rolls back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }
}
