import Foundation
import HummingbirdTesting
import ModGateTestSupport
import Testing

/// Memory a closed connection leaves behind, measured on the real binary: thousands of WebSocket
/// connections open and close, and the process must not keep what they used.
@Suite(.timeLimit(.minutes(5)))
struct ConnectionSoakTests {
    /// Connections per round; at the 5 KB each that a leaked channel kept, one round grew the process by 15 MB.
    static let cycles = 3000
    /// What one closed connection may leave on average (allocator slack, not a leak).
    static let allowedBytesPerConnection = 1024

    @Test func closedConnectionsGiveTheirMemoryBack() async throws {
        let folder = try Folder()
        let server = try ServerProcess(folder.serveArguments, logs: folder.url)
        defer { server.kill() }
        try await server.waitUntilListening()
        let token = try issueToken(user: "soak", database: folder.database)

        // A first round lets the allocator and the caches reach their working size.
        try Self.connectAndClose(Self.cycles / 4, port: server.port, token: token)
        try await Self.waitUntilNoConnections(server)
        let before = try Self.residentBytes(of: server)
        try Self.connectAndClose(Self.cycles, port: server.port, token: token)
        try await Self.waitUntilNoConnections(server)
        let grown = try Self.residentBytes(of: server) - before

        #expect(
            grown < Self.cycles * Self.allowedBytesPerConnection,
            "\(Self.cycles) closed connections kept \(grown) bytes (\(grown / Self.cycles) bytes each)")
        await server.stop()
    }

    /// Opens `count` WebSockets one after the other, each closed by the client with 1000 as soon as it is open.
    static func connectAndClose(_ count: Int, port: Int, token: String) throws {
        for _ in 0..<count {
            let connection = try RawConnection(port: port)
            try #require(connection.upgrade(token: token), "the WebSocket upgrade was refused")
            connection.sendClose()
            try #require(connection.readToEnd() != nil, "the server did not close the connection")
        }
    }

    /// Waits until the gateway counts no open WebSocket, so that every session has ended.
    static func waitUntilNoConnections(_ server: ServerProcess) async throws {
        for _ in 0..<500 {
            let metrics = try await TestClient.withClient(host: "127.0.0.1", port: server.port) { client in
                String(buffer: try await client.get("/metrics").body ?? .init())
            }
            if metrics.contains("\nmodgate_connections 0") { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("WebSocket sessions did not end after their connections closed")
    }

    /// The process's resident memory (`VmRSS`), in bytes.
    static func residentBytes(of server: ServerProcess) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kilobytes * 1024
    }
}
