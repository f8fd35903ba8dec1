import Foundation
import InMemoryLogging
import Logging
import ModGateServer
import ModGateTestSupport
import Testing

/// Loading the TLS certificate and key (`TLSIdentity`) without a server: each way a file can be wrong is an error
/// that names the file and the fix; a good pair loads with its fingerprint.
@Suite(.timeLimit(.minutes(2)))
struct TLSIdentityTests {
    @Test(arguments: [TestCertificate.KeyType.ec, .rsa])
    func aPairLoadsWithTheFingerprintOpenSSLPrints(keyType: TestCertificate.KeyType) async throws {
        let scratch = try Scratch()
        let made = try await TestCertificate.make(in: scratch, keyType: keyType)
        let identity = try TLSIdentity.load(TLSFiles(certificate: made.certificate, key: made.key))
        #expect(TestCertificate.normalized(identity.fingerprint) == (try await made.fingerprint()))
        #expect(identity.chainLength == 1)
        let serial = try await TestCertificate.openssl(["x509", "-in", made.certificate, "-noout", "-serial"])
        #expect(serial.lowercased().contains(identity.serial.trimmingPrefix(while: { $0 == "0" })))
        #expect(identity.notAfter > Date() && identity.notAfter < Date().addingTimeInterval(3 * 86_400))
    }

    @Test func aMissingFileIsNamed() async throws {
        let scratch = try Scratch()
        let made = try await TestCertificate.make(in: scratch)
        let missing = scratch.path("nowhere.pem")
        let noCertificate = failure(TLSFiles(certificate: missing, key: made.key))
        #expect(noCertificate?.code == .missingFile)
        #expect(noCertificate?.message == "the TLS certificate file '\(missing)' does not exist: server.tls.certificate (--tls-cert) takes the path of a PEM file")
        let noKey = failure(TLSFiles(certificate: made.certificate, key: missing))
        #expect(noKey?.code == .missingFile)
        #expect(noKey?.message.hasPrefix("the TLS private key file '\(missing)' does not exist: server.tls.key (--tls-key)") == true)
    }

    @Test func aFolderIsNotAFile() async throws {
        let scratch = try Scratch()
        let made = try await TestCertificate.make(in: scratch)
        let error = failure(TLSFiles(certificate: scratch.url.path, key: made.key))
        #expect(error?.code == .unreadableFile)
        #expect(error?.message.contains("'\(scratch.url.path)' is not a file") == true, "\(String(describing: error))")
    }

    @Test func aFileThatIsNotPEMIsRefusedWithHowToConvertIt() async throws {
        let scratch = try Scratch(["notes.txt": "not a certificate\n"])
        let made = try await TestCertificate.make(in: scratch)
        try await TestCertificate.openssl(["x509", "-in", made.certificate, "-outform", "der", "-out", scratch.path("server.der")])
        for file in ["notes.txt", "server.der"] {
            let error = failure(TLSFiles(certificate: scratch.path(file), key: made.key))
            #expect(error?.code == .notPEM)
            #expect(error?.message.contains("holds no PEM certificate") == true && error?.message.contains("openssl x509 -inform der") == true)
        }
        let keyError = failure(TLSFiles(certificate: made.certificate, key: made.certificate))
        #expect(keyError?.code == .notPEM)
        #expect(keyError?.message.contains("'\(made.certificate)' holds no PEM private key") == true, "\(String(describing: keyError))")
    }

    @Test func aBrokenPEMBlockIsRefused() async throws {
        let scratch = try Scratch(["broken.pem": "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"])
        let made = try await TestCertificate.make(in: scratch)
        let error = failure(TLSFiles(certificate: scratch.path("broken.pem"), key: made.key))
        #expect(error?.code == .notPEM)
        #expect(error?.message.contains("a PEM block that is not a valid certificate") == true, "\(String(describing: error))")
    }

    @Test func anEncryptedKeyIsRefusedInsteadOfPromptingForItsPassphrase() async throws {
        let scratch = try Scratch()
        let made = try await TestCertificate.make(in: scratch)
        let encrypted = scratch.path("encrypted.key")
        try await TestCertificate.openssl(["pkey", "-in", made.key, "-aes256", "-passout", "pass:secret", "-out", encrypted])
        chmod(encrypted, 0o600)
        let error = failure(TLSFiles(certificate: made.certificate, key: encrypted))
        #expect(error?.code == .encryptedKey)
        #expect(error?.message.contains("openssl pkey -in \(encrypted) -out KEY.pem") == true, "\(String(describing: error))")
    }

    @Test func aKeyOthersCanReadIsRefusedUnlessAllowed() async throws {
        let scratch = try Scratch()
        let made = try await TestCertificate.make(in: scratch)
        chmod(made.key, 0o640)
        let error = failure(TLSFiles(certificate: made.certificate, key: made.key))
        #expect(error?.code == .exposedKey)
        #expect(
            error?.message == "other users can read \(made.key) (0640), the TLS private key: run chmod 600 on it, or set "
                + "server.tls.allow_readable_key: true (modgate serve --allow-readable-tls-key) to use it anyway")
        #expect(throws: Never.self) { try TLSIdentity.load(TLSFiles(certificate: made.certificate, key: made.key, allowReadableKey: true)) }
    }

    /// BoringSSL compares the key with the certificate's public key; these pairs must not pass.
    @Test(arguments: [TestCertificate.KeyType.ec, .rsa])
    func aKeyOfAnotherCertificateIsRefused(otherType: TestCertificate.KeyType) async throws {
        let scratch = try Scratch()
        let served = try await TestCertificate.make(in: scratch, name: "served", keyType: .rsa)
        let other = try await TestCertificate.make(in: scratch, name: "other", keyType: otherType)
        let error = failure(TLSFiles(certificate: served.certificate, key: other.key))
        #expect(error?.code == .keyMismatch)
        #expect(
            error?.message.hasPrefix("the TLS private key '\(other.key)' is not the key of the certificate in '\(served.certificate)'") == true,
            "\(String(describing: error))")
    }

    @Test func aChainWhoseFirstCertificateIsNotTheKeysIsRefused() async throws {
        let scratch = try Scratch()
        let served = try await TestCertificate.make(in: scratch, name: "served")
        let other = try await TestCertificate.make(in: scratch, name: "other")
        let chain = try String(contentsOfFile: other.certificate, encoding: .utf8) + String(contentsOfFile: served.certificate, encoding: .utf8)
        try scratch.write("chain.pem", chain)
        #expect(failure(TLSFiles(certificate: scratch.path("chain.pem"), key: served.key))?.code == .keyMismatch)
        try scratch.write("chain.pem", try String(contentsOfFile: served.certificate, encoding: .utf8) + String(contentsOfFile: other.certificate, encoding: .utf8))
        #expect(try TLSIdentity.load(TLSFiles(certificate: scratch.path("chain.pem"), key: served.key)).chainLength == 2)
    }

    @Test func aReloadServesTheNewPairAndAFailedOneKeepsTheOldAndSaysWhy() async throws {
        let scratch = try Scratch()
        let first = try await TestCertificate.make(in: scratch)
        let logs = InMemoryLogHandler()
        let live = try LiveCertificate(files: TLSFiles(certificate: first.certificate, key: first.key), logger: Logger(label: "test") { _ in logs })
        let before = live.identity.fingerprint
        let keyLine = String(try String(contentsOfFile: first.key, encoding: .utf8).split(separator: "\n")[1])
        let loaded = try #require(logs.entries.first)
        #expect(loaded.message.description == "TLS certificate loaded: the gateway serves HTTPS and WSS only")
        #expect(loaded.metadata["tls.fingerprint"] == "\(before)" && loaded.metadata["trigger"] == "start")

        // A new pair written over the old one's files.
        let elsewhere = try Scratch()
        let second = try await TestCertificate.make(in: elsewhere, name: "second", keyType: .rsa)
        try FileManager.default.removeItem(atPath: first.key)
        try FileManager.default.copyItem(atPath: second.key, toPath: first.key)
        try scratch.write("server.pem", try String(contentsOfFile: second.certificate, encoding: .utf8))
        let reloaded = try live.reload(trigger: "sighup").get()
        #expect(reloaded.fingerprint != before && live.identity.fingerprint == reloaded.fingerprint)
        #expect(TestCertificate.normalized(reloaded.fingerprint) == (try await second.fingerprint()))
        let notice = try #require(logs.entries.last)
        #expect(notice.message.description == "TLS certificate reloaded" && notice.metadata["tls.changed"] == "true")

        // The certificate replaced, its key not yet: the pair does not match, the one in force stays.
        let third = try await TestCertificate.make(in: elsewhere, name: "third")
        try scratch.write("server.pem", try String(contentsOfFile: third.certificate, encoding: .utf8))
        let failed = live.reload(trigger: "sighup")
        guard case .failure(let error) = failed else { Issue.record("a mismatched pair was put in force"); return }
        #expect(error.code == .keyMismatch)
        #expect(live.identity.fingerprint == reloaded.fingerprint)
        let refusal = try #require(logs.entries.last)
        #expect(refusal.level == .error && refusal.message.description == "TLS certificate not reloaded: the certificate in force stays in force")
        #expect(refusal.metadata["tls.problem"].map { "\($0)".contains("is not the key of the certificate") } == true)
        let logged = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logged.contains("PRIVATE KEY") && !logged.contains(keyLine), "no key material in the logs")
    }

    private func failure(_ files: TLSFiles) -> TLSConfigError? {
        #expect(throws: TLSConfigError.self) { try TLSIdentity.load(files) }
    }
}
