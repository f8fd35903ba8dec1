import Foundation
import ModGateTestSupport
import Testing

/// Issue 13's revocation across gateways: `modgate token revoke` through one node refuses the token and closes its
/// sockets on another. Skipped without a PostgreSQL server (`make test` starts one).
@Suite(
    .enabled(if: TestPostgres.isAvailable, "needs PostgreSQL: run the tests under scripts/with-postgres (make test does)"),
    .timeLimit(.minutes(3)), .serialized)
struct ClusterRevocationTests {
    @Test func aRevocationThroughOneNodeClosesTheSocketAndRefusesTheTokenOnAnother() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let admin = try cluster.token("root", role: "admin")
                let (mallory, _) = try Self.issue("mallory", in: cluster)
                let (spare, spareID) = try Self.issue("spare", in: cluster)
                try await webSocket(port: cluster.nodes[1].port, token: mallory) { socket in
                    try await socket.join("lobby")
                    let revoked = try Self.revoke(["--user", "mallory"], through: cluster.nodes[0], token: admin, in: cluster)
                    #expect(revoked.status == 0, "\(revoked.stderr)")
                    #expect(revoked.stdout.hasPrefix("revoked every token of mallory issued until "), "\(revoked.stdout)")
                    // The error frame, then the close: the socket on the other node ends.
                    let frames = try await socket.rest()
                    #expect(frames.last?["code"] as? String == "token_revoked")
                }
                // The notice came before the close: node 1 refuses the token now.
                #expect(try await cluster.nodes[1].status(token: mallory) == 401)

                #expect(try await cluster.nodes[1].status(token: spare) == 200)
                let one = try Self.revoke(["--id", spareID], through: cluster.nodes[0], token: admin, in: cluster)
                #expect(one.status == 0 && one.stdout == "revoked token \(spareID) (0 connections closed on that gateway)\n", "\(one.stderr)")
                #expect(try await cluster.nodes[0].status(token: spare) == 401)
                // Node 1 hears of it through the channel: wait for the notice, at most 10 s.
                let deadline = ContinuousClock.now + .seconds(10)
                while try await cluster.nodes[1].status(token: spare) != 401, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(try await cluster.nodes[1].status(token: spare) == 401)

                // A moderator may not revoke.
                let moderator = try cluster.token("mod", role: "moderator")
                let refused = try Self.revoke(["--user", "alice"], through: cluster.nodes[0], token: moderator, in: cluster)
                #expect(refused.status == 2)
                #expect(refused.stderr == "error: your token's role is moderator; revoking tokens needs --role admin\n")
                // A node started afterwards reads the revocations from the database.
                cluster.nodes[1].kill()
                try await cluster.restart(1)
                #expect(try await cluster.nodes[1].status(token: mallory) == 401)
            }
        }
    }

    /// A token from `modgate token issue`, and the id it printed on standard error.
    private static func issue(_ user: String, in cluster: Cluster) throws -> (token: String, id: String) {
        let issued = try modgate(["token", "issue", "--user", user, "--db", cluster.database], environment: cluster.environment)
        try #require(issued.status == 0, "modgate token issue failed: \(issued.stderr)")
        let line = try #require(issued.stderr.split(separator: "\n").last { $0.hasPrefix("token id ") }, "\(issued.stderr)")
        let id = String(line.dropFirst("token id ".count).prefix { $0 != "," })
        #expect(line.hasSuffix("; revoke it with: modgate token revoke --id \(id)"))
        #expect(id.count == 22)
        return (issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines), id)
    }

    private static func revoke(_ target: [String], through node: ServerProcess, token: String, in cluster: Cluster) throws -> RunResult {
        try modgate(["token", "revoke"] + target + ["--server", node.url, "--token", token], environment: cluster.environment)
    }
}
