import ModGateRules
import ModGateServer
import ModGateTestSupport
import Testing

/// The config file's `server.tls`: both files or neither, each mistake with its file and line.
@Suite struct TLSConfigTests {
    @Test func theTLSFilesAreRead() throws {
        let folder = try Scratch([
            "modgate.yaml": """
                server:
                  port: 8443
                  tls:
                    certificate: /etc/modgate/fullchain.pem
                    key: /etc/modgate/privkey.pem
                    allow_readable_key: true

                """
        ])
        let config = try GatewayConfig.load(path: folder.path("modgate.yaml"))
        #expect(config.tls == TLSFiles(certificate: "/etc/modgate/fullchain.pem", key: "/etc/modgate/privkey.pem", allowReadableKey: true))
        try folder.write("plain.yaml", "server: { port: 8080 }\n")
        #expect(try GatewayConfig.load(path: folder.path("plain.yaml")).tls == nil)
    }

    @Test(arguments: [
        ("  tls: { certificate: /etc/c.pem }\n", "'server.tls' needs 'key': give both, the PEM file of the certificate chain and the one of its private key"),
        ("  tls: { key: /etc/k.pem }\n", "'server.tls' needs 'certificate': give both"),
        ("  tls: {}\n", "'server.tls' needs 'certificate' and 'key'"),
        ("  tls: on\n", "'server.tls' must be a mapping"),
        ("  tls: { certificate: /c, key: /k, keyfile: /k }\n", "unknown key 'keyfile' in 'server.tls'"),
        ("  tls: { certificate: /c, key: /k, allow_readable_key: maybe }\n", "'allow_readable_key' must be true or false"),
    ])
    func aMistakeIsReportedWithItsFileAndLine(body: String, message: String) throws {
        let folder = try Scratch(["modgate.yaml": "server:\n" + body])
        let path = folder.path("modgate.yaml")
        let error = #expect(throws: RulesError.self) { try GatewayConfig.load(path: path) }
        let problem = try #require(error?.problems.first, "\(String(describing: error))")
        #expect(error?.problems.count == 1, "\(String(describing: error))")
        #expect(problem.location.file == path && problem.location.line == 2, "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem)")
    }
}
