import Foundation
import ModGateTestSupport
import Testing

/// Issue 13's key rotation across gateways: `modgate token rotate` and `retire` through one node take effect on
/// another at once. Skipped without a PostgreSQL server (`make test` starts one).
@Suite(
    .enabled(if: TestPostgres.isAvailable, "needs PostgreSQL: run the tests under scripts/with-postgres (make test does)"),
    .timeLimit(.minutes(3)), .serialized)
struct ClusterTokenKeyTests {
    @Test func aRotationAndARetirementThroughOneNodeTakeEffectOnAnother() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let admin = try cluster.token("root", role: "admin")
                let old = try cluster.token("mallory")
                let before = try Self.keys(through: cluster.nodes[1], token: admin, in: cluster)
                #expect(before.count == 1)
                let first = try #require(before.first?["kid"] as? String)

                let rotated = try Self.run(["rotate"], through: cluster.nodes[0], token: admin, in: cluster)
                #expect(rotated.status == 0 && rotated.stdout.hasPrefix("new signing key "), "\(rotated.stderr)")
                // `token issue --db` signs with the new key, which the other node knows at once.
                let fresh = try cluster.token("alice")
                #expect(try await cluster.nodes[1].status(token: fresh) == 200)
                #expect(try await cluster.nodes[1].status(token: old) == 200)
                let listed = try Self.keys(through: cluster.nodes[1], token: admin, in: cluster)
                #expect(listed.count == 2 && listed.last?["kid"] as? String == first)

                try await webSocket(port: cluster.nodes[1].port, token: old) { socket in
                    try await socket.join("lobby")
                    let retired = try Self.run(["retire", first, "--reason", "rotation"], through: cluster.nodes[0], token: admin, in: cluster)
                    #expect(retired.status == 0, "\(retired.stderr)")
                    #expect(retired.stdout == "retired key \(first) (0 connections closed on that gateway)\n")
                    // The error frame, then the close: the socket on the other node ends.
                    let frames = try await socket.rest()
                    #expect(frames.last?["code"] as? String == "token_key_retired")
                }
                #expect(try await cluster.nodes[1].status(token: old) == 401)
                #expect(try await cluster.nodes[0].status(token: old) == 401)
                #expect(try await cluster.nodes[1].status(token: fresh) == 200)

                // A moderator may not rotate; the signing key may not be retired. (The first admin token's key is retired.)
                let current = try cluster.token("root", role: "admin")
                let moderator = try cluster.token("mod", role: "moderator")
                let refused = try Self.run(["rotate"], through: cluster.nodes[0], token: moderator, in: cluster)
                #expect(refused.status == 2 && refused.stderr == "error: your token's role is moderator; rotating token keys needs --role admin\n")
                let signing = try #require(listed.first?["kid"] as? String)
                let inUse = try Self.run(["retire", signing], through: cluster.nodes[0], token: current, in: cluster)
                #expect(inUse.status != 0 && inUse.stderr.contains("rotate first"), "\(inUse.stderr)")

                // A node started afterwards reads the keys from the database.
                cluster.nodes[1].kill()
                try await cluster.restart(1)
                #expect(try await cluster.nodes[1].status(token: old) == 401)
                #expect(try await cluster.nodes[1].status(token: fresh) == 200)
            }
        }
    }

    private static func run(_ arguments: [String], through node: ServerProcess, token: String, in cluster: Cluster) throws -> RunResult {
        try modgate(["token"] + arguments + ["--server", node.url, "--token", token], environment: cluster.environment)
    }

    /// `modgate token keys --json` through `node`: the keys, newest first.
    private static func keys(through node: ServerProcess, token: String, in cluster: Cluster) throws -> [[String: Any]] {
        let listed = try run(["keys", "--json"], through: node, token: token, in: cluster)
        try #require(listed.status == 0, "\(listed.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        return object?["keys"] as? [[String: Any]] ?? []
    }
}
