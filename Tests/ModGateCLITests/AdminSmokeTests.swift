import Foundation
import ModGateTestSupport
import Testing

/// One cheap end-to-end check: a fresh gateway's empty queue through `modgate queue list`.
@Test(.timeLimit(.minutes(1))) func queueListOnAFreshGatewayIsEmpty() async throws {
    let scratch = try Scratch()
    let database = scratch.path("gateway.db")
    let server = try ServerProcess(
        ["--db", database, "--rules", packageRoot.appendingPathComponent("rules").path], logs: scratch.url,
        environment: cleanEnvironment)
    try await server.waitUntilListening()
    let token = try issueToken(user: "mod", role: "moderator", database: database)
    let result = try modgate(["queue", "list", "--server", server.url, "--token", token], environment: cleanEnvironment)
    #expect(result.stderr == "")
    #expect(result.status == 0)
    #expect(result.stdout == "no held messages\n")
    let json = try modgate(["queue", "list", "--json", "--server", server.url, "--token", token], environment: cleanEnvironment)
    #expect(json.stdout == "[]\n")
    let member = try issueToken(user: "someone", database: database)
    let refused = try modgate(["queue", "list", "--server", server.url, "--token", member], environment: cleanEnvironment)
    #expect(refused.status == 2)
    #expect(refused.stderr == "error: your token's role is member; moderators need --role moderator\n")
    await server.stop()
}
