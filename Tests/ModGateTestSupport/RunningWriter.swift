import Logging
import ModGateStorage

/// Runs `body` while `run` (a store writer's `run`) runs beside it, then cancels `run` and waits for it to stop.
public func whileRunning<T: Sendable>(
    _ run: @escaping @Sendable () async throws -> Void, _ body: () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await run() }
        do {
            let result = try await body()
            group.cancelAll()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Commits `messages` to `store` one after the other (each waits for the previous ack).
public func commitInOrder(_ messages: [NewMessage], to store: any GatewayStore) async throws -> [StoredMessage] {
    let writer = store.makeWriter(batchSize: 512, logger: Logger(label: "modgate.test"), onCommit: { _, _ in })
    return try await whileRunning(writer.run) {
        var stored: [StoredMessage] = []
        for message in messages { stored.append(try await writer.commit(message)) }
        return stored
    }
}
