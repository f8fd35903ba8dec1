import Foundation
import Testing

/// One cheap end-to-end check: a fresh gateway's empty queue through `modgate queue list`.
/// Skipped (passes without checking) when the gateway has no admin routes yet.
@Test(.timeLimit(.minutes(1))) func queueListOnAFreshGatewayIsEmpty() async throws {
    let binary = try #require(modgateBinary, "build the modgate binary first")
    let scratch = try Scratch()
    let port = try closedPort()
    let database = scratch.path("gateway.db")
    let server = Process()
    server.executableURL = binary
    server.arguments = ["serve", "--port", String(port), "--db", database, "--rules", packageRoot.appendingPathComponent("rules").path]
    server.environment = cleanEnvironment
    server.currentDirectoryURL = packageRoot  // the default spam model path is relative to it
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    let url = "http://127.0.0.1:\(port)"
    var token = ""
    var result = RunResult(status: -1, stdout: "", stderr: "")
    for _ in 0..<100 {
        if token.isEmpty {
            let issued = try modgate(["token", "issue", "--user", "mod", "--role", "moderator", "--db", database], environment: cleanEnvironment)
            if issued.status == 0 { token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        if !token.isEmpty {
            result = try modgate(["queue", "list", "--server", url, "--token", token], environment: cleanEnvironment)
            if !result.stderr.contains("cannot reach the gateway") { break }
        }
        try await Task.sleep(for: .milliseconds(200))
    }
    if result.stderr.contains("route: is it an older modgate?") { return }  // the admin API is not built yet
    #expect(result.stderr == "")
    #expect(result.status == 0)
    #expect(result.stdout == "no held messages\n")
    let json = try modgate(["queue", "list", "--json", "--server", url, "--token", token], environment: cleanEnvironment)
    #expect(json.stdout == "[]\n")
    let member = try modgate(["token", "issue", "--user", "someone", "--db", database], environment: cleanEnvironment)
    let refused = try modgate(
        ["queue", "list", "--server", url, "--token", member.stdout.trimmingCharacters(in: .whitespacesAndNewlines)],
        environment: cleanEnvironment)
    #expect(refused.status == 2)
    #expect(refused.stderr == "error: your token's role is member; moderators need --role moderator\n")
}
