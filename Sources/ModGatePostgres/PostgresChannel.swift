import Foundation
import Logging
import ModGateStorage
import PostgresNIO
import Synchronization

/// The gateways sharing one database tell each other what changed with NOTIFY on channel `modgate`: a payload is a
/// ``ClusterMessage``'s text, cut into ``NoticePieces`` when it would reach PostgreSQL's 8,000 bytes. A notice sent
/// inside a transaction goes out when it commits, in commit order.
final class PostgresChannel: ClusterChannel {
    static let name = "modgate"

    let node = UUID().uuidString
    private let url: PostgresURL
    private let database: PostgresDatabase
    /// The listeners' connections, closed by `close()`; nil once closed.
    private let listeners = Mutex<[Int: PostgresConnection]?>([:])

    init(url: PostgresURL, database: PostgresDatabase) {
        self.url = url
        self.database = database
    }

    func announce(_ notice: ClusterNotice) async throws {
        try await database.read { connection in try await notify([notice], on: connection, logger: database.logger) }
    }

    /// Sends `notices` from this node on `connection`, in order; inside a transaction, they go out when it commits.
    func notify(_ notices: [ClusterNotice], on connection: PostgresConnection, logger: Logger) async throws {
        guard !notices.isEmpty else { return }
        let payloads = notices.flatMap { NoticePieces.split(ClusterMessage(node: node, notice: $0).text) }
        try await connection.run(
            "SELECT pg_notify(\(Self.name), payload) FROM unnest(\(payloads)::text[]) WITH ORDINALITY AS n(payload, position) ORDER BY position",
            logger: logger)
    }

    /// Listens on a connection of its own (not the pool's), reconnecting after 100 ms, doubling up to 5 s, while the
    /// connection cannot be made or keeps dropping; says `.listening` after every (re)connect and `.interrupted` when a
    /// listening connection ends. Ends when the task is cancelled or the store closes.
    func listen(_ handle: @escaping @Sendable (ClusterEvent) async -> Void) async throws {
        let logger = database.logger
        let id = Int.random(in: 1...Int.max)
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled, listeners.withLock({ $0 != nil }) {
            var listened = false
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try url.connectionConfiguration(), id: id, logger: logger)
                try await listen(on: connection, id: id, logger: logger) {
                    backoff = .milliseconds(100)
                    listened = true
                    await handle($0)
                }
            } catch {
                if Task.isCancelled { return }
                if listened { await handle(.interrupted) }
                listened = false
                logger.warning(
                    "Cluster listener disconnected",
                    metadata: [
                        "store.error": "\(StoreError(postgres: error, location: database.location))", "retry.after": "\(backoff)",
                    ])
            }
            if listened, !Task.isCancelled { await handle(.interrupted) }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }

    /// Runs LISTEN on `connection` and hands on what arrives until the connection ends, then closes it.
    private func listen(
        on connection: PostgresConnection, id: Int, logger: Logger, handle: (ClusterEvent) async -> Void
    ) async throws {
        let registered = listeners.withLock { listeners in
            guard listeners != nil else { return false }
            listeners?[id] = connection
            return true
        }
        defer { _ = listeners.withLock { $0?.removeValue(forKey: id) } }
        do {
            if registered {
                try await connection.listen(on: Self.name) { notifications in
                    await handle(.listening)
                    var pieces = NoticePieces()
                    for try await notification in notifications {
                        guard let payload = pieces.join(notification.payload) else { continue }
                        guard let message = ClusterMessage(text: payload) else {
                            logger.debug(
                                "Cluster notice ignored", metadata: ["cluster.payload.bytes": "\(notification.payload.utf8.count)"])
                            continue
                        }
                        await handle(.message(message))
                    }
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// Closes the listeners' connections and ends their `listen`.
    func close() async {
        let connections = listeners.withLock { listeners in
            defer { listeners = nil }
            return Array((listeners ?? [:]).values)
        }
        for connection in connections { try? await connection.close() }
    }
}
