/// The PEM files of the gateway's TLS certificate (`server.tls`, `--tls-cert` and `--tls-key`): with them the
/// gateway speaks HTTPS and WSS on its port, and nothing else.
public struct TLSFiles: Sendable, Equatable {
    /// The certificate chain: the gateway's own certificate first, then its intermediates (a `fullchain.pem`).
    public var certificate: String
    /// The certificate's private key, unencrypted.
    public var key: String
    /// Whether a key file that group or others can read is used anyway (`server.tls.allow_readable_key`), as for
    /// Debian's `ssl-cert` group, which reads keys of mode 0640.
    public var allowReadableKey: Bool

    public init(certificate: String, key: String, allowReadableKey: Bool = false) {
        self.certificate = certificate
        self.key = key
        self.allowReadableKey = allowReadableKey
    }
}
