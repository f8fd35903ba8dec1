/// The rules a token id (`jti`) meets, and fresh ones: 128 random bits in base64url, 22 characters.
public enum TokenID {
    /// The longest token id accepted, in bytes: room for a UUID or a hash from another issuer.
    public static let maxBytes = 64

    /// A fresh id: 16 bytes from the system's secure random number generator, base64url without padding.
    public static func generate() -> String {
        randomBytes(16).base64URL
    }

    /// Why `id` is not a usable token id, or nil when it is: empty, longer than `maxBytes`, or holding anything but
    /// visible ASCII (no spaces, no control characters, which would forge lines in logs).
    public static func problem(_ id: String) -> String? {
        visibleASCIIProblem(id, maxBytes: maxBytes)
    }
}

/// Why `id` is not 1 to `maxBytes` visible ASCII characters, or nil when it is: ids that reach logs and lookups.
func visibleASCIIProblem(_ id: String, maxBytes: Int) -> String? {
    if id.isEmpty { return "is empty" }
    if id.utf8.count > maxBytes { return "is longer than \(maxBytes) bytes" }
    if !id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) { return "holds characters other than visible ASCII" }
    return nil
}

/// A token just signed, with what an operator needs to revoke it later.
public struct IssuedToken: Sendable, Equatable {
    /// The compact JWT.
    public let text: String
    /// Its `jti` claim.
    public let id: String
    /// Its `iat` claim, Unix seconds.
    public let issuedAt: Double
    /// Its `exp` claim, Unix seconds.
    public let expires: Double
}
