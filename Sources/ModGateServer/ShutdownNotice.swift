import Logging
import ModGateStorage
import ServiceLifecycle
import Synchronization

/// Closes every WebSocket with 1001 "going away" when shutdown begins, before the server drains
/// (hummingbird-websocket on its own would close them with 1000), and logs that the drain started.
struct ShutdownNotice: Service {
    let bus: any RoomBus
    let drain: DrainLog

    func run() async throws {
        try? await gracefulShutdown()
        drain.started()
        bus.closeAll()
    }
}

/// Logs a drain's start and end with what it did: connections closed, messages committed meanwhile.
///
/// As a service it goes first in the group, so that shutdown, which runs in reverse order, reaches it
/// last: once the server has drained and the store writer has committed what was queued.
final class DrainLog: Service, Sendable {
    private struct Start {
        var time: ContinuousClock.Instant
        var connections: Int
        var committed: Int
    }

    private let bus: any RoomBus
    private let writer: any MessageWriter
    private let logger: Logger
    private let start = Mutex<Start?>(nil)

    init(bus: any RoomBus, writer: any MessageWriter, logger: Logger) {
        self.bus = bus
        self.writer = writer
        self.logger = logger
    }

    /// Notes and logs the drain's start.
    func started() {
        let now = Start(time: .now, connections: bus.connectionCount, committed: writer.statistics.messagesCommitted)
        start.withLock { $0 = now }
        logger.notice("Drain started", metadata: ["connections.open": "\(now.connections)"])
    }

    func run() async throws {
        try? await gracefulShutdown()
        guard let start = start.withLock({ $0 }) else { return }
        let open = bus.connectionCount
        logger.notice(
            "Drain finished",
            metadata: [
                "connections.closed": "\(start.connections - open)", "connections.open": "\(open)",
                "messages.committed": "\(writer.statistics.messagesCommitted - start.committed)",
                "drain.duration": "\(ContinuousClock.now - start.time)",
            ])
    }
}
