import Foundation

/// The HMAC key tokens are signed with: at least 32 random bytes. Its description never shows the bytes,
/// so a secret that reaches a log line or an error message stays secret.
public struct TokenSecret: Sendable, CustomStringConvertible {
    /// The shortest secret accepted, in bytes (the output size of SHA-256, as RFC 7518 section 3.2 asks).
    public static let minimumBytes = 32

    /// The key bytes.
    public let bytes: [UInt8]

    /// Wraps `bytes`. - Throws: `secret_too_short` when there are fewer than `minimumBytes`.
    public init(bytes: some Sequence<UInt8>) throws(AuthConfigError) {
        let bytes = Array(bytes)
        guard bytes.count >= Self.minimumBytes else {
            throw AuthConfigError(
                .secretTooShort,
                "the token secret has \(bytes.count) bytes and needs at least \(Self.minimumBytes); "
                    + "generate one (64 hex characters) or remove it from the config to let the gateway make one"
            )
        }
        self.bytes = bytes
    }

    /// 32 fresh bytes from the system's secure random number generator.
    public static func generate() -> TokenSecret {
        TokenSecret(unchecked: randomBytes(minimumBytes))
    }

    /// Reads a secret as written in a config file: hex digits (what `hex` gives), or base64 in either
    /// alphabet, padded or not. Hex wins when the text is both. Spaces around it are ignored.
    public init(text: String) throws(AuthConfigError) {
        let body = text.trimmingSpaces()
        guard !body.isEmpty, let bytes = Hex.decode(body) ?? Self.base64(body) else {
            throw AuthConfigError(
                .secretMalformed,
                "the token secret is neither hex nor base64; write 64 hex characters, e.g. from `openssl rand -hex 32`"
            )
        }
        try self.init(bytes: bytes)
    }

    /// Reads a secret file: its whole content as `init(text:)` takes it (a trailing newline is fine).
    public init(contentsOfFile path: String) throws(AuthConfigError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AuthConfigError(.secretUnreadable, "cannot read the token secret file '\(path)': \(error.localizedDescription)")
        }
        try self.init(text: text)
    }

    /// Lowercase hex, for config files and the database.
    public var hex: String { Hex.encode(bytes) }

    /// Standard base64 with padding.
    public var base64: String { Data(bytes).base64EncodedString() }

    public var description: String { "TokenSecret(\(bytes.count) bytes, redacted)" }

    /// Either base64 alphabet, with the padding a length needs or none.
    private static func base64(_ text: Substring) -> [UInt8]? {
        var body = text
        var padding = 0
        while body.last == "=", padding < 2 {
            body.removeLast()
            padding += 1
        }
        if padding > 0, (body.utf8.count + padding) % 4 != 0 { return nil }
        let standard = body.replacing("-", with: "+").replacing("_", with: "/")
        return Data(base64Encoded: standard + String(repeating: "=", count: (4 - body.utf8.count % 4) % 4)).map(Array.init)
    }

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// `count` bytes from the system's secure random number generator: secrets and token ids.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}
