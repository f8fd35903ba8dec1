import Foundation
import ModGateTestSupport
import Testing

/// The admin commands against a gateway with `server.tls` whose certificate a private CA signed (here the
/// self-signed certificate is its own CA): `--cacert` trusts it, without it the connection is refused as untrusted.
@Suite(.timeLimit(.minutes(2)))
struct AdminCACertTests {
    @Test func cacertTrustsThePrivateCAThatSignedTheGatewaysCertificate() async throws {
        let scratch = try LiveGateway.files()
        let certificate = try await TestCertificate.make(in: scratch)
        let server = try ServerProcess(
            [
                "--config", scratch.path("modgate.yaml"), "--db", scratch.path("modgate.db"), "--rules", scratch.path("rules"),
                "--tls-cert", certificate.certificate, "--tls-key", certificate.key,
            ], logs: scratch.url, environment: cleanEnvironment)
        defer { server.kill() }
        try await server.waitUntilListening()
        let token = try issueToken(user: "mod", role: "moderator", database: scratch.path("modgate.db"))
        let url = "https://127.0.0.1:\(server.port)"
        func list(_ extra: [String]) throws -> RunResult {
            try modgate(["queue", "list", "--server", url, "--token", token] + extra, environment: cleanEnvironment, timeLimit: .seconds(30))
        }

        let trusted = try list(["--cacert", certificate.certificate])
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(trusted.stdout == "no held messages\n")

        let untrusted = try list([])
        #expect(untrusted.status == 2)
        #expect(
            untrusted.stderr == "error: cannot reach the gateway at \(url) (TLS failed: the gateway's certificate is not trusted; "
                + "--cacert FILE names the CA that signed it): is `modgate serve` running? set --server or MODGATE_URL\n")

        let notPEM = try list(["--cacert", scratch.path("modgate.yaml")])
        #expect(notPEM.status == 2)
        #expect(notPEM.stderr == "error: --cacert '\(scratch.path("modgate.yaml"))' holds no PEM certificate: pass the CA that signed the gateway's certificate\n")

        let missing = try list(["--cacert", scratch.path("nowhere.pem")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--cacert '\(scratch.path("nowhere.pem"))' cannot be read"), "\(missing.stderr)")
        await server.stop()
    }
}
