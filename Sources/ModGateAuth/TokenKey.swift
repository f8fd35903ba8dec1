import Crypto

/// One key tokens are signed with: its id (the `kid` header of the tokens it signs), its secret, and when it was made.
public struct TokenKey: Sendable, CustomStringConvertible {
    /// The longest key id read from a token's header, in bytes; a longer one is refused before any lookup.
    public static let maxIDBytes = 32

    public let id: String
    public let secret: TokenSecret
    /// Unix seconds.
    public let created: Double

    public init(id: String, secret: TokenSecret, created: Double) {
        precondition(Self.problem(id) == nil, "a key id is 1 to \(Self.maxIDBytes) visible ASCII characters")
        self.id = id
        self.secret = secret
        self.created = created
    }

    /// A fresh key made at `now`: 32 random bytes, and an id of 8 random bytes in base64url (11 characters).
    public static func generate(now: Double) -> TokenKey {
        TokenKey(id: randomBytes(8).base64URL, secret: .generate(), created: now)
    }

    /// The id of the key made from a secret an operator gave (or the one the database kept before keys had ids): an
    /// HMAC of a fixed text under the secret, so every gateway given the same secret names it alike, and the id tells
    /// nothing of the secret.
    public static func id(derivedFrom secret: TokenSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("modgate token key id".utf8), using: SymmetricKey(data: secret.bytes))
        return Array(mac).prefix(8).base64URL
    }

    /// Why `id` is not a usable key id, or nil when it is: empty, longer than `maxIDBytes`, or not visible ASCII.
    public static func problem(_ id: String) -> String? {
        visibleASCIIProblem(id, maxBytes: maxIDBytes)
    }

    public var description: String { "TokenKey(\(id), created \(created), secret redacted)" }
}
