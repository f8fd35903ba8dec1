import Crypto
import Foundation
import ModGateStorage
import NIOSSL

/// A certificate chain and its private key, read from their PEM files and checked as a pair, as the TLS context
/// that serves them: TLS 1.2 or later, HTTP/1.1 by ALPN (WebSocket upgrades need it).
public struct TLSIdentity: Sendable {
    let context: NIOSSLContext
    /// The SHA-256 fingerprint of the gateway's own certificate, as `openssl x509 -fingerprint -sha256` prints it.
    public let fingerprint: String
    /// Its serial number in hex.
    public let serial: String
    /// When it expires.
    public let notAfter: Date
    /// How many certificates the chain holds, the gateway's own first.
    public let chainLength: Int

    /// Reads and checks `files`: each file exists, is readable and holds PEM; the key is private to its owner
    /// (unless `allowReadableKey`) and not encrypted; the key is the certificate's.
    /// - Throws: `TLSConfigError` that names the file and says how to fix it.
    public static func load(_ files: TLSFiles) throws(TLSConfigError) -> TLSIdentity {
        let chain = try certificates(files.certificate)
        let key = try privateKey(files)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch NIOSSLError.failedToLoadPrivateKey {
            // The key parsed on its own above; BoringSSL refuses it here only when it is not the certificate's
            // (it compares the key with the certificate's public key when both are set).
            throw mismatch(files)
        } catch {
            throw TLSConfigError(
                .unusable, "TLS cannot be set up with '\(files.certificate)' and '\(files.key)': use an RSA or ECDSA certificate and key",
                cause: error)
        }
        let leaf = chain[0]
        let der = (try? leaf.toDERBytes()) ?? []
        return TLSIdentity(
            context: context, fingerprint: SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":"),
            serial: leaf.serialNumber.map { String(format: "%02x", $0) }.joined(),
            notAfter: Date(timeIntervalSince1970: Double(leaf.notValidAfter)), chainLength: chain.count)
    }

    private static let certificateSetting = "server.tls.certificate (--tls-cert)"
    private static let keySetting = "server.tls.key (--tls-key)"

    /// The chain in `path`, the gateway's own certificate first.
    private static func certificates(_ path: String) throws(TLSConfigError) -> [NIOSSLCertificate] {
        let bytes = try PEMFile.read(path, "the TLS certificate file", setting: certificateSetting)
        guard PEMFile.hasBlock(bytes, endingWith: "CERTIFICATE") else {
            throw TLSConfigError(
                .notPEM,
                "the TLS certificate file '\(path)' holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block); "
                    + "a DER certificate converts with: openssl x509 -inform der -in \(path) -out CERT.pem")
        }
        do {
            return try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw TLSConfigError(
                .notPEM, "the TLS certificate file '\(path)' holds a PEM block that is not a valid certificate; "
                    + "check it with: openssl x509 -in \(path) -noout -text", cause: error)
        }
    }

    /// The key in `files.key`, refused when a passphrase encrypts it or others can read the file (checked once the file
    /// is known to hold a key, so that a certificate given as the key is named as such).
    private static func privateKey(_ files: TLSFiles) throws(TLSConfigError) -> NIOSSLPrivateKey {
        let path = files.key
        let bytes = try PEMFile.read(path, "the TLS private key file", setting: keySetting)
        guard !PEMFile.isEncryptedKey(bytes) else {
            throw TLSConfigError(
                .encryptedKey,
                "the TLS private key file '\(path)' is encrypted with a passphrase, which the gateway cannot ask for: "
                    + "decrypt it with: openssl pkey -in \(path) -out KEY.pem (then chmod 600 KEY.pem)")
        }
        guard PEMFile.hasBlock(bytes, endingWith: "PRIVATE KEY") else {
            throw TLSConfigError(
                .notPEM,
                "the TLS private key file '\(path)' holds no PEM private key (a '-----BEGIN PRIVATE KEY-----' block); "
                    + "a DER key converts with: openssl pkey -inform der -in \(path) -out KEY.pem")
        }
        if !files.allowReadableKey, let exposed = FileExposure.exposed([path]).first {
            throw TLSConfigError(
                .exposedKey,
                "other users can read \(exposed), the TLS private key: run chmod 600 on it, or set server.tls.allow_readable_key: "
                    + "true (modgate serve --allow-readable-tls-key) to use it anyway")
        }
        do {
            // A callback that gives no passphrase: without one, BoringSSL would prompt on the terminal and wait.
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem) { (_: NIOSSLPassphraseSetter<[UInt8]>) in
                throw TLSConfigError(.encryptedKey, "the TLS private key asks for a passphrase")
            }
        } catch {
            throw TLSConfigError(
                .notPEM, "the TLS private key file '\(path)' holds a PEM block that is not a valid private key; "
                    + "check it with: openssl pkey -in \(path) -noout", cause: error)
        }
    }

    private static func mismatch(_ files: TLSFiles) -> TLSConfigError {
        TLSConfigError(
            .keyMismatch,
            "the TLS private key '\(files.key)' is not the key of the certificate in '\(files.certificate)': the first certificate "
                + "there must be the gateway's own and the key its private key; compare the output of "
                + "openssl x509 -in \(files.certificate) -noout -pubkey and openssl pkey -in \(files.key) -pubout")
    }
}
