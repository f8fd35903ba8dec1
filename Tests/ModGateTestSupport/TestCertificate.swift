import Foundation
import Testing

/// A self-signed TLS certificate for 127.0.0.1 and localhost (in its subjectAltName) and its private key, made by
/// the `openssl` command line into a scratch folder, the key of mode 0600.
public struct TestCertificate: Sendable {
    /// The PEM files.
    public let certificate: String
    public let key: String

    public enum KeyType: Sendable {
        case ec, rsa

        var arguments: [String] {
            switch self {
            case .ec: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
            case .rsa: ["-newkey", "rsa:2048"]
            }
        }
    }

    /// Makes `name.pem` and `name.key` in `scratch`.
    public static func make(in scratch: Scratch, name: String = "server", keyType: KeyType = .ec) async throws -> TestCertificate {
        let made = TestCertificate(certificate: scratch.path("\(name).pem"), key: scratch.path("\(name).key"))
        try await openssl(
            ["req", "-x509"] + keyType.arguments + [
                "-nodes", "-keyout", made.key, "-out", made.certificate, "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
        chmod(made.key, 0o600)
        return made
    }

    /// The certificate's SHA-256 fingerprint as lowercase hex without colons.
    public func fingerprint() async throws -> String {
        let printed = try await Self.openssl(["x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"])
        return Self.normalized(String(printed.split(separator: "=").last ?? ""))
    }

    /// A fingerprint written either way (`AB:CD:...` or `abcd...`) as lowercase hex without colons.
    public static func normalized(_ fingerprint: String) -> String {
        fingerprint.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ":", with: "").lowercased()
    }

    /// Runs `openssl arguments`; its standard output. - Throws: when it fails, with what it said.
    @discardableResult
    public static func openssl(_ arguments: [String]) async throws -> String {
        let result = try await runChild("/usr/bin/env", ["openssl"] + arguments, timeLimit: .seconds(60))
        try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result.stdout
    }
}
