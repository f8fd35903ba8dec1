/// Why the TLS certificate or its key cannot be served: which file, what is wrong with it, and how to fix it.
public struct TLSConfigError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The file does not exist.
        case missingFile
        /// The file exists but cannot be read (permissions, a folder, too large).
        case unreadableFile
        /// The file holds no PEM certificate or key, or one that does not parse.
        case notPEM
        /// The key is encrypted with a passphrase, which a server cannot type in.
        case encryptedKey
        /// Group or others can read the key file.
        case exposedKey
        /// The key is not the private key of the certificate.
        case keyMismatch
        /// The pair loads but TLS cannot be set up with it (an unsupported key type).
        case unusable
    }

    public let code: Code
    public let message: String
    /// What the TLS library said, when it said something (never key material).
    public let cause: String?

    init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { String(describing: $0) }
    }

    public var description: String { message + (cause.map { " (\($0))" } ?? "") }
}
