import Logging
import ModGateCore
import ModGateStorage
import PostgresNIO

extension PostgresStore {
    /// One group commit: `messages` and the pending trust updates, one outcome per message. A batch of allowed
    /// messages is one statement (``MessageBatch/write(standings:node:on:logger:)``), so one round trip; any other
    /// verdict adds its audit entries (and notices for shadowed messages) in the same transaction.
    ///
    /// Locks in one order on every node: each room with new visible messages (sorted by name), then the users whose
    /// trust is written (sorted), then the audit log. A room's row lock, held until commit, makes its numbers
    /// visible in order; the `committed` notices (and `shadowed`, for the senders' other gateways) go out with the commit.
    func commit(_ messages: [NewMessage]) async throws(StoreError) -> [GroupCommitWriter.Outcome] {
        let standings = reputation.pendingWrites()
        let (logger, auditLog, channel) = (database.logger, auditLog, channel)
        let batch = MessageBatch(messages)
        let write = { @Sendable (connection: PostgresConnection) async throws -> MessageBatch in
            var batch = batch
            try await batch.write(standings: standings, node: channel.node, on: connection, logger: logger)
            try await auditLog.append(batch.verdictRecords, on: connection, logger: logger)
            try await channel.notify(batch.shadowedNotices, on: connection, logger: logger)
            return batch
        }
        let written = try await batch.needsTransaction ? database.transaction(write) : database.read(write)
        reputation.didPersist(standings)
        return written.outcomes
    }
}
