import Foundation
import ModGateTestSupport
import Testing

/// Secrets stay out of config files and process lists: the token secret comes from a file or the environment,
/// moderators pass their token in a file, and the gateway refuses a database others can read.
@Suite(.timeLimit(.minutes(2)))
struct SecretFileTests {
    static let secret = String(repeating: "ab", count: 32)

    @Test func tokensSignedWithASecretFileOrTheEnvironmentAreTheGatewaysOwn() async throws {
        let scratch = try Scratch(["secret": Self.secret + "\n"])
        try scratch.write("modgate.yaml", "server: { token_secret_file: \(scratch.path("secret")) }\n")
        let server = try ServerProcess(
            ["--config", scratch.path("modgate.yaml"), "--db", scratch.path("modgate.db")], logs: scratch.url,
            environment: cleanEnvironment)
        defer { server.kill() }
        try await server.waitUntilListening()
        let fromFile = try modgate(
            ["token", "issue", "--user", "ann", "--role", "moderator", "--config", scratch.path("modgate.yaml"), "--db", scratch.path("other.db")],
            environment: cleanEnvironment)
        var environment = cleanEnvironment
        environment["MODGATE_TOKEN_SECRET"] = Self.secret
        let fromEnvironment = try modgate(
            ["token", "issue", "--user", "ben", "--role", "moderator", "--db", scratch.path("third.db")], environment: environment)
        for (name, issued) in [("file", fromFile), ("environment", fromEnvironment)] {
            try #require(issued.status == 0, "token issue from the \(name): \(issued.stderr)")
            try scratch.write("token-\(name)", issued.stdout)
            let listed = try modgate(
                ["queue", "list", "--server", server.url, "--token-file", scratch.path("token-\(name)")], environment: cleanEnvironment)
            #expect(listed.status == 0, "a token signed with the secret from the \(name): \(listed.stderr)")
        }
        await server.stop()
    }

    @Test func serveRefusesADatabaseOthersCanReadAndSaysHowToFixIt() async throws {
        let scratch = try Scratch()
        try scratch.write("modgate.db", "")
        chmod(scratch.path("modgate.db"), 0o644)
        let refused = try modgate(["serve", "--db", scratch.path("modgate.db"), "--port", "\(try freePort())"], environment: cleanEnvironment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("chmod 600") && refused.stderr.contains("--allow-readable-db"), "\(refused.stderr)")
        let allowed = try ServerProcess(
            ["--db", scratch.path("modgate.db"), "--allow-readable-db"], logs: scratch.url, environment: cleanEnvironment)
        defer { allowed.kill() }
        try await allowed.waitUntilListening()
        await allowed.stop()
    }
}
