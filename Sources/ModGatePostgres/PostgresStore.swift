import Foundation
import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

/// The PostgreSQL store: the SQLite store's tables and behaviour in one database that several gateways share.
///
/// A pool of connections (`PostgresClient`) serves reads and moderator transactions; message commits go through a
/// ``GroupCommitWriter`` whose transactions number each room's messages under the room's row lock, so nodes never
/// give out a number twice or skip one. The audit chain is one chain across nodes, appended under an advisory lock.
/// Gateways tell each other what changed through ``cluster`` (LISTEN/NOTIFY). Every method fails with
/// ``StoreError`` only.
public final class PostgresStore: GatewayStore {
    let database: PostgresDatabase
    /// Users' trust, cached in memory and written behind with the writer's transactions.
    public let reputation: CachedStandings
    let auditLog: PostgresAuditLog
    let channel: PostgresChannel
    /// The URL with the password replaced by `***`.
    public let location: String
    private let runner: Task<Void, Never>

    private init(database: PostgresDatabase, auditLog: PostgresAuditLog, channel: PostgresChannel, runner: Task<Void, Never>) {
        self.database = database
        self.auditLog = auditLog
        self.channel = channel
        self.runner = runner
        location = database.location
        reputation = CachedStandings { [database] user in try await StandingRows.load(user, from: database) }
    }

    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`),
    /// brings its schema up to date and checks the audit key. - Throws: `StoreError`, like every method of the store.
    public static func open(url: String, options: PostgresStoreOptions = PostgresStoreOptions(), logger: Logger)
        async throws -> PostgresStore
    {
        let parsed = try PostgresURL(parsing: url)
        guard let keyFile = options.auditKeyFile ?? AuditKey.environmentPath else {
            throw StoreError(
                .auditKey,
                "a PostgreSQL store needs an audit key file: set store.audit_key or MODGATE_AUDIT_KEY_FILE, to the same file on every node")
        }
        let exposed = FileExposure.exposed([keyFile])
        guard options.allowReadable || exposed.isEmpty else {
            throw StoreError(
                .unsafePermissions,
                "other users can read \(exposed.joined()), the audit key: run chmod 600 on it, or set store.allow_readable: true to open it anyway")
        }
        let client = PostgresClient(configuration: parsed.clientConfiguration(poolSize: options.poolSize), backgroundLogger: logger)
        let runner = Task { await client.run() }
        let database = PostgresDatabase(client: client, location: parsed.location, logger: logger)
        do {
            try await PostgresSchema.migrate(database)
            let auditLog = try await PostgresAuditLog.open(keyFile: keyFile, database: database)
            let channel = PostgresChannel(url: parsed, database: database)
            logger.info("Store opened", metadata: ["store.location": "\(parsed.location)", "cluster.node": "\(channel.node)"])
            return PostgresStore(database: database, auditLog: auditLog, channel: channel, runner: runner)
        } catch {
            runner.cancel()
            throw error
        }
    }

    public var standings: any ReputationStore { reputation }

    /// LISTEN/NOTIFY on channel `modgate`, shared by every gateway on this database.
    public var cluster: (any ClusterChannel)? { channel }

    public func makeWriter(
        batchSize: Int, logger: Logger, onCommit: @escaping @Sendable ([StoredMessage], Duration) -> Void
    ) -> any MessageWriter {
        GroupCommitWriter(
            batchSize: batchSize, logger: logger, onCommit: onCommit,
            commit: { [self] messages in try await commit(messages) },
            finish: { [self] in try await flush() })
    }

    /// Runs `body` on a pooled connection outside any transaction: for `modgate bench store`'s plain inserts.
    package func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await database.read(body)
    }

    /// Writes the trust updates not yet stored.
    public func flush() async throws {
        let pending = reputation.pendingWrites()
        guard !pending.isEmpty else { return }
        let (logger, node) = (database.logger, channel.node)
        try await database.read { connection in
            var nothing = MessageBatch([])
            try await nothing.write(standings: pending, node: node, on: connection, logger: logger)
        }
        reputation.didPersist(pending)
    }

    /// Stops the listener and the pool; later calls fail. Stop the writer first.
    public func close() async throws {
        await channel.close()
        runner.cancel()
        await runner.value
    }
}
