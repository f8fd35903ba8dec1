import Foundation
import HummingbirdWSClient
import InMemoryLogging
import Logging
import ModGateServer
import ModGateStorage
import ModGateStore
import ModGateTestSupport
import NIOWebSocket
import ServiceLifecycle
import Synchronization
import Testing

/// Graceful shutdown: connected clients are told to go, and everything acked is in the database afterwards.
@Suite(.timeLimit(.minutes(1)))
struct ShutdownTests {
    @Test func gracefulShutdownClosesWebSocketsAndKeepsEveryAckedMessage() async throws {
        var harness = try GatewayHarness()
        harness.config.port = try freePort()
        let port = harness.config.port
        let database = harness.config.database
        defer { try? FileManager.default.removeItem(at: harness.folder) }
        let server = try await GatewayServer.make(harness.config, logger: Logger(label: "test"))
        let group = ServiceGroup(services: server.services, logger: Logger(label: "test"))
        let token = try server.signer.issue(user: "alice", now: Date().timeIntervalSince1970)
        let acked = Mutex<[Int64]>([])

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitForHealth(port: port)
            let close = try await webSocket(port: port, token: token) { alice in
                for index in 1...20 {
                    try await alice.send(#"{"op":"send","room":"lobby","text":"m\#(index)","cid":"\#(index)"}"#)
                    let ack = try await alice.next(op: "ack")
                    #expect(ack["status"] as? String == "delivered")
                    if let id = ack["id"] as? Int { acked.withLock { $0.append(Int64(id)) } }
                }
                await group.triggerGracefulShutdown()
                // Whatever arrives after the trigger, the connection must end.
                for frame in try await alice.rest() where frame["op"] as? String == "ack" {
                    if let id = frame["id"] as? Int { acked.withLock { $0.append(Int64(id)) } }
                }
            }
            #expect(close?.closeCode == .goingAway, "close frame: \(String(describing: close))")
            try await tasks.waitForAll()
        }

        let store = try Store(path: database)
        defer { try? store.close() }
        let stored = try await store.messages(in: "lobby", after: 0, limit: 100)
        let ids = acked.withLock { $0 }
        #expect(ids.count == 20)
        #expect(stored.map(\.id) == ids)
        #expect(stored.map(\.text) == (1...20).map { "m\($0)" })
    }

    @Test func theDrainLogsItsStartAndEndWithCounts() async throws {
        var harness = try GatewayHarness()
        harness.config.port = try freePort()
        let port = harness.config.port
        defer { try? FileManager.default.removeItem(at: harness.folder) }
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        let server = try await GatewayServer.make(harness.config, logger: logger)
        let group = ServiceGroup(services: server.services, logger: Logger(label: "test"))
        let token = try server.signer.issue(user: "alice", now: Date().timeIntervalSince1970)

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitForHealth(port: port)
            try await webSocket(port: port, token: token) { alice in
                try await alice.join("lobby")
                // Sent, not waited for: the writer commits them during the drain or just before it.
                for index in 1...5 { try await alice.send(#"{"op":"send","room":"lobby","text":"m\#(index)"}"#) }
                await group.triggerGracefulShutdown()
                _ = try await alice.rest()
            }
            try await tasks.waitForAll()
        }

        let entries = logs.entries
        let started = try #require(entries.first { $0.message == "Drain started" })
        let finished = try #require(entries.first { $0.message == "Drain finished" })
        #expect(entries.firstIndex(of: started)! < entries.firstIndex(of: finished)!)
        #expect(started.metadata["connections.open"] == "1")
        #expect(finished.metadata["connections.closed"] == "1")
        #expect(finished.metadata["connections.open"] == "0")
        #expect(finished.metadata["messages.committed"].flatMap { Int("\($0)") }.map { (0...5).contains($0) } == true)
        #expect(finished.metadata["drain.duration"] != nil)
    }
}
