import Foundation
import ModGateTestSupport
import Testing

/// `modgate serve` with TLS settings it cannot use: it stops before it opens the store, with a message that names
/// the setting or the file and says what to do.
@Suite(.timeLimit(.minutes(2)))
struct TLSServeTests {
    @Test(arguments: [
        (["--tls-cert", "/etc/modgate/fullchain.pem"], "--tls-cert needs --tls-key: give both"),
        (["--tls-key", "/etc/modgate/privkey.pem"], "--tls-key needs --tls-cert: give both"),
    ])
    func oneFlagOfThePairIsAUsageError(flags: [String], message: String) throws {
        let scratch = try Scratch()
        let result = try modgate(
            ["serve", "--db", scratch.path("modgate.db"), "--port", "\(try freePort())"] + flags, environment: cleanEnvironment,
            timeLimit: .seconds(30))
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("modgate.db")))
    }

    @Test func aConfigWithOnlyTheCertificateNamesTheMissingKeyAndTheLine() throws {
        let scratch = try Scratch(["modgate.yaml": "server:\n  tls: { certificate: /etc/modgate/fullchain.pem }\n"])
        let result = try modgate(
            ["serve", "--config", scratch.path("modgate.yaml"), "--db", scratch.path("modgate.db"), "--port", "\(try freePort())"],
            environment: cleanEnvironment, timeLimit: .seconds(30))
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(scratch.path("modgate.yaml")):2:"), "\(result.stderr)")
        #expect(result.stderr.contains("'server.tls' needs 'key'"), "\(result.stderr)")
    }

    @Test func aMissingFileAMismatchedPairOrAnExposedKeyStopsTheStart() async throws {
        let scratch = try Scratch()
        let served = try await TestCertificate.make(in: scratch)
        let other = try await TestCertificate.make(in: scratch, name: "other", keyType: .rsa)
        try scratch.write("exposed.key", try String(contentsOfFile: served.key, encoding: .utf8))
        chmod(scratch.path("exposed.key"), 0o644)
        let cases: [(name: String, certificate: String, key: String, message: String)] = [
            ("missing", scratch.path("nowhere.pem"), served.key, "the TLS certificate file '\(scratch.path("nowhere.pem"))' does not exist"),
            ("mismatch", served.certificate, other.key, "the TLS private key '\(other.key)' is not the key of the certificate"),
            ("exposed", served.certificate, scratch.path("exposed.key"), "other users can read \(scratch.path("exposed.key")) (0644), the TLS private key: run chmod 600"),
        ]
        for (name, certificate, key, message) in cases {
            let database = scratch.path("\(name).db")
            let result = try modgate(
                ["serve", "--db", database, "--port", "\(try freePort())", "--tls-cert", certificate, "--tls-key", key],
                environment: cleanEnvironment, timeLimit: .seconds(30))
            #expect(result.status != 0, "\(name)")
            #expect(result.stderr.contains("the gateway cannot start: \(message)"), "\(name): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: database), "\(name): the store was opened")
        }
    }
}
