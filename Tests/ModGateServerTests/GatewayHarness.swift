import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import ModGateAuth
import ModGateChain
import ModGateServer
import ModGateTestSupport
import Testing

/// A gateway on a free loopback port with a fresh database and test rules; removed afterwards.
struct GatewayHarness {
    let folder: URL
    var config: GatewayConfig
    /// The gateway's clock (seconds since 1970), which also dates the tokens a test issues.
    var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    init(limits: Limits = Limits()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("modgate-gw-\(UUID().uuidString)")
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try TestRules.verdicts.write(to: rules.appendingPathComponent("test.yaml"), atomically: true, encoding: .utf8)
        config = GatewayConfig()
        config.port = 0
        config.database = folder.appendingPathComponent("modgate.db").path
        config.chain.rulesDirectory = rules.path
        config.chain.spam = nil
        config.chain.rateLimits = nil
        config.chain.flood = nil
        config.chain.reputation = nil
        config.limits = limits
        // The test client connects when the test starts and may send its first request much later.
        config.limits.headerTimeout = 86_400
        config.limits.idleTimeout = 86_400
    }

    /// The rules directory the gateway loads.
    var rulesFolder: URL { folder.appendingPathComponent("rules") }

    /// Runs `body` against the live server; once it has stopped, `afterwards` with the database file; then
    /// removes the folder.
    func run(
        _ body: @escaping @Sendable (Session) async throws -> Void,
        afterwards: (String) async throws -> Void = { _ in }
    ) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await GatewayServer.make(config, logger: Logger(label: "test"), now: now)
        try await server.application.test(.live) { client in
            try await body(Session(port: client.port!, client: client, server: server, now: now))
        }
        try await afterwards(config.database)
    }
}

/// What a test talks to: tokens, HTTP and WebSocket clients for one live gateway.
struct Session: Sendable {
    let port: Int
    let client: any TestClientProtocol
    /// The gateway itself, for what a test checks behind the API (the spam model, the store).
    let server: GatewayServer
    /// The gateway's clock.
    let now: @Sendable () -> Double

    /// The gateway's signer as it is now: its newest key signs.
    var signer: TokenSigner { server.signer }

    func token(_ user: String, role: Role = .member, ttl: Double = 3600) throws -> String {
        try signer.issue(user: user, role: role, ttl: ttl, now: now())
    }

    /// An HTTP request with `user`'s token (or the raw `authorization` header when given).
    func request(
        _ path: String, method: HTTPRequest.Method = .get, user: String? = nil, role: Role = .member,
        authorization: String? = nil, body: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let user { headers[.authorization] = "Bearer \(try token(user, role: role))" }
        if let authorization { headers[.authorization] = authorization }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// A WebSocket client for `user`, connected until `body` returns; the close frame the server sent, if any.
    @discardableResult
    func socket(_ user: String, ttl: Double = 3600, _ body: @escaping @Sendable (Socket) async throws -> Void) async throws
        -> WebSocketCloseFrame?
    {
        try await webSocket(port: port, token: try token(user, ttl: ttl), body)
    }
}

/// Waits until an HTTP server answers GET /healthz on `port`, for at most `seconds`.
func waitForHealth(port: Int, seconds: Double = 30) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        let healthy = (try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.get("/healthz").status == .ok
        }) ?? false
        if healthy { return }
        guard ContinuousClock.now < deadline else {
            Issue.record("nothing answered on port \(port) within \(seconds) s")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}
