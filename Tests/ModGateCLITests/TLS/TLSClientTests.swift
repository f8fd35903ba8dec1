import Foundation
import ModGateTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `modgate serve --tls-cert --tls-key` against real TLS clients (Tests/clients/tls_client.py: python-websockets and
/// urllib with an ssl context that trusts the certificate the test makes): WSS and HTTPS on one port, plain clients
/// refused, and SIGHUP serving a replaced certificate. One at a time, like the other suites of Python clients.
@Suite(
    .enabled(if: testPython != nil, "needs websockets: run scripts/test-venv and set MODGATE_TEST_PYTHON=.build/test-venv/bin/python (make test does)"),
    .serialized, .timeLimit(.minutes(5))
)
struct TLSClientTests {
    @Test func aWebSocketsClientChatsOverWSSAndHTTPSAnswersOnTheSamePort() async throws {
        let gateway = try await TLSGateway.start()
        defer { gateway.server.kill() }
        let result = try await gateway.client("chat", try gateway.token("alice"), gateway.certificate.certificate)
        #expect(result["tls_version"] as? String == "TLSv1.3")
        #expect(result["alpn"] as? String == "http/1.1")
        #expect(result["fingerprint"] as? String == (try await gateway.certificate.fingerprint()))
        let ack = try #require(result["ack"] as? [String: Any])
        #expect(ack["status"] as? String == "delivered" && ack["cid"] as? String == "t1")
        let message = try #require(result["msg"] as? [String: Any])
        #expect(message["text"] as? String == "hello over wss" && message["user"] as? String == "alice" && message["seq"] as? Int == 1)
        #expect(result["health_status"] as? Int == 200 && result["health_body"] as? String == "ok\n")
        await gateway.server.stop()
    }

    @Test func aSocketIOClientUpgradesFromHTTPSPollingToWSS() async throws {
        let gateway = try await TLSGateway.start()
        defer { gateway.server.kill() }
        let result = try await gateway.client("socketio", try gateway.token("alice"), gateway.certificate.certificate)
        #expect(result["subscribe_ack"] as? [String: String] == ["status": "ok", "room": "lobby"])
        let ack = try #require(result["send_ack"] as? [String: Any])
        #expect(ack["status"] as? String == "delivered" && ack["cid"] as? String == "s1")
        #expect((result["msg"] as? [String: Any])?["text"] as? String == "hello over socket.io")
        #expect(result["transport"] as? String == "websocket")
        await gateway.server.stop()
    }

    @Test func plainClientsAreRefusedAtOnceAndTheGatewayKeepsServing() async throws {
        let gateway = try await TLSGateway.start()
        defer { gateway.server.kill() }
        let token = try gateway.token("alice")
        let result = try await gateway.client("plain", token)
        for name in ["ws", "http"] {
            let error = try #require(result["\(name)_error"] as? String, "a plain \(name) client was answered: \(result)")
            #expect(!error.hasPrefix("TimeoutError"), "the plain \(name) client waited for its timeout: \(error)")
            #expect((result["\(name)_seconds"] as? Double ?? 99) < 5, "\(result)")
        }
        #expect(gateway.server.process.isRunning)
        let after = try await gateway.client("chat", token, gateway.certificate.certificate)
        #expect((after["ack"] as? [String: Any])?["status"] as? String == "delivered")
        // Counted, not logged as errors (a scanner would fill the log).
        let metrics = try await runChild(
            "/usr/bin/env", ["curl", "-sS", "--max-time", "10", "--cacert", gateway.certificate.certificate, "\(gateway.url)/metrics"],
            timeLimit: .seconds(30))
        // The two plain clients, and the test's own probe for the port, which hung up before any handshake.
        let failures = metrics.stdout.split(separator: "\n").first { $0.hasPrefix("modgate_tls_handshake_failures_total ") }
        #expect(failures.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 >= 2 } == true, "\(metrics.stdout) \(metrics.stderr)")
        #expect(!gateway.server.log.contains(" error modgate:"), "\(gateway.server.log)")
        await gateway.server.stop()
    }

    @Test func aConnectionPastTheCapIsRefusedOverTLS() async throws {
        let gateway = try await TLSGateway.start(config: "server: { max_connections: 1, header_timeout: 1s }\n")
        defer { gateway.server.kill() }
        let result = try await gateway.client("busy", gateway.certificate.certificate)
        #expect(result["status"] as? Int == 503)
        #expect((result["body"] as? String)?.contains(#""code":"too_many_connections""#) == true, "\(result)")
        // A refused connection that never starts its handshake is closed at the header timeout, unanswered.
        #expect(result["silent_read"] as? String == "", "\(result)")
        #expect((result["silent_seconds"] as? Double).map { (0.5..<8).contains($0) } == true, "\(result)")
        await gateway.server.stop()
    }

    @Test func sighupServesAReplacedCertificateToTheNextConnectionAndKeepsItWhenTheNextPairIsBroken() async throws {
        let gateway = try await TLSGateway.start()
        defer { gateway.server.kill() }
        let first = try await gateway.certificate.fingerprint()
        #expect(try await gateway.peerFingerprint() == first)

        // Renewed: a new certificate and key over the old files, then SIGHUP.
        let elsewhere = try Scratch()
        let renewed = try await TestCertificate.make(in: elsewhere, name: "renewed", keyType: .rsa)
        try gateway.scratch.write("server.key", try String(contentsOfFile: renewed.key, encoding: .utf8))
        chmod(gateway.certificate.key, 0o600)
        try gateway.scratch.write("server.pem", try String(contentsOfFile: renewed.certificate, encoding: .utf8))
        let second = try await renewed.fingerprint()
        kill(gateway.server.process.processIdentifier, SIGHUP)
        try await gateway.poll("the renewed certificate to be served") { try await gateway.peerFingerprint() == second }
        // The same signal reloaded the rules.
        try await gateway.poll("the rules reload on SIGHUP") { gateway.server.log.contains("Rules reloaded") }
        #expect(gateway.server.log.contains("TLS certificate reloaded"))

        // A certificate replaced without its key: the reload fails and the renewed one stays.
        let stray = try await TestCertificate.make(in: elsewhere, name: "stray")
        try gateway.scratch.write("server.pem", try String(contentsOfFile: stray.certificate, encoding: .utf8))
        kill(gateway.server.process.processIdentifier, SIGHUP)
        try await gateway.poll("the failed reload to be logged") { gateway.server.log.contains("TLS certificate not reloaded") }
        #expect(gateway.server.log.contains("is not the key of the certificate"))
        #expect(try await gateway.peerFingerprint() == second)
        #expect(gateway.server.process.isRunning)
        await gateway.server.stop()
    }
}

/// `modgate serve` with LiveGateway's rules and config, serving a fresh self-signed certificate
/// (`server.pem`, `server.key` in its scratch folder).
private struct TLSGateway {
    let scratch: Scratch
    let server: ServerProcess
    let certificate: TestCertificate

    /// Starts it; `config` is added to the config file.
    static func start(config: String = "") async throws -> TLSGateway {
        let scratch = try LiveGateway.files()
        try scratch.write("modgate.yaml", try String(contentsOfFile: scratch.path("modgate.yaml"), encoding: .utf8) + "\n" + config)
        let certificate = try await TestCertificate.make(in: scratch)
        let server = try ServerProcess(
            [
                "--config", scratch.path("modgate.yaml"), "--db", scratch.path("modgate.db"), "--rules", scratch.path("rules"),
                "--tls-cert", certificate.certificate, "--tls-key", certificate.key,
            ], logs: scratch.url, environment: cleanEnvironment)
        try await server.waitUntilListening()
        return TLSGateway(scratch: scratch, server: server, certificate: certificate)
    }

    /// The base URL of its HTTP API.
    var url: String { "https://127.0.0.1:\(server.port)" }

    func token(_ user: String) throws -> String { try issueToken(user: user, database: scratch.path("modgate.db")) }

    /// Runs `tls_client.py scenario PORT arguments...`; the JSON object it printed.
    func client(_ scenario: String, _ arguments: String...) async throws -> [String: Any] {
        let result = try await runChild(
            try #require(testPython),
            [packageRoot.appendingPathComponent("Tests/clients/tls_client.py").path, scenario, "\(server.port)"] + arguments,
            timeLimit: .seconds(60))
        try #require(result.status == 0, "tls_client.py \(scenario) failed: \(result.stderr)\ngateway log:\n\(server.log)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The fingerprint of the certificate a new connection is served, lowercase hex.
    func peerFingerprint() async throws -> String? { try await client("peer")["fingerprint"] as? String }

    /// Checks `condition` until it holds, for at most 30 seconds.
    func poll(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("waited 30 s for \(what); the gateway logged:\n\(server.log)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
