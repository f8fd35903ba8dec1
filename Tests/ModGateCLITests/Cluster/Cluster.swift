import Foundation
import ModGateTestSupport
import Synchronization
import Testing

/// Several `modgate serve` processes on one PostgreSQL database, with LiveGateway's files (one rule holds
/// "holdme", every other stage off unless `config` says otherwise) and one audit key file that all of them share.
final class Cluster: Sendable {
    let scratch: Scratch
    /// The database's URL.
    let database: String
    let environment: [String: String]
    private let servers: Mutex<[ServerProcess]>

    var nodes: [ServerProcess] { servers.withLock { $0 } }

    /// Starts `count` nodes and waits until each listens.
    init(nodes count: Int, database: String, config: String? = nil) async throws {
        scratch = try LiveGateway.files()
        if let config { try scratch.write("modgate.yaml", config) }
        self.database = database
        var environment = cleanEnvironment
        environment["MODGATE_AUDIT_KEY_FILE"] = scratch.path("audit.key")
        self.environment = environment
        // The first node creates the schema and the audit key file; the others join it.
        var started: [ServerProcess] = []
        for _ in 0..<count {
            let server = try Self.serve(scratch: scratch, database: database, environment: environment)
            try await server.waitUntilListening()
            started.append(server)
        }
        servers = Mutex(started)
    }

    /// Starts node `index` again (after a kill), on a new port.
    func restart(_ index: Int) async throws {
        let server = try Self.serve(scratch: scratch, database: database, environment: environment)
        try await server.waitUntilListening()
        servers.withLock { $0[index] = server }
    }

    /// A token signed with the secret the cluster keeps in its database.
    func token(_ user: String, role: String = "member") throws -> String {
        let issued = try modgate(["token", "issue", "--user", user, "--role", role, "--db", database], environment: environment)
        try #require(issued.status == 0, "modgate token issue failed: \(issued.stderr)")
        return issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() async {
        for node in nodes { await node.stop() }
    }

    /// Runs `body` with `count` nodes on `database`, then stops them, also when `body` throws.
    static func with<T>(
        nodes count: Int, database: String, config: String? = nil, _ body: (Cluster) async throws -> T
    ) async throws -> T {
        let cluster = try await Cluster(nodes: count, database: database, config: config)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            for node in cluster.nodes { node.kill() }
            throw error
        }
    }

    private static func serve(scratch: Scratch, database: String, environment: [String: String]) throws -> ServerProcess {
        try ServerProcess(
            ["--config", scratch.path("modgate.yaml"), "--db", database, "--rules", scratch.path("rules")],
            logs: scratch.url, environment: environment)
    }
}
