/// Who a verified token speaks for. The user id comes from the token only, never from a message body.
public struct Identity: Sendable, Equatable {
    /// The `sub` claim.
    public let user: String
    /// The `role` claim (`member` when the token has none).
    public let role: Role
    /// The `exp` claim, Unix seconds.
    public let expires: Double
    /// The `jti` claim, by which this one token is revoked; nil for a token issued without one.
    public let tokenID: String?
    /// The `iat` claim, Unix seconds, by which a user's tokens issued before a time are revoked; nil when absent.
    public let issuedAt: Double?
    /// The id of the key that verified the token (for a token without `kid`, the first key's), by which a retired
    /// key's connections close; nil for an identity made without a token.
    public let keyID: String?

    public init(user: String, role: Role, expires: Double, tokenID: String? = nil, issuedAt: Double? = nil, keyID: String? = nil) {
        self.user = user
        self.role = role
        self.expires = expires
        self.tokenID = tokenID
        self.issuedAt = issuedAt
        self.keyID = keyID
    }

    /// Throws `token_forbidden_role` (HTTP 403, close 4403) unless this identity's role allows `needed`.
    public func require(_ needed: Role) throws(AuthError) {
        guard role.allows(needed) else { throw AuthError.forbidden(needed: needed, has: role) }
    }
}

/// The rules a user id must meet, both when a token is issued and when one is verified.
public enum UserID {
    /// The longest user id accepted, in UTF-8 bytes.
    public static let maxBytes = 128

    /// Why `user` is not a usable user id, or nil when it is: empty, longer than `maxBytes`,
    /// or containing control characters or line separators (which would forge lines in logs).
    public static func problem(_ user: String) -> String? {
        if user.isEmpty { return "the user id is empty" }
        if user.utf8.count > maxBytes { return "the user id is longer than \(maxBytes) bytes" }
        let forbidden = user.unicodeScalars.contains { scalar in
            let category = scalar.properties.generalCategory
            return category == .control || category == .lineSeparator || category == .paragraphSeparator
        }
        if forbidden { return "the user id contains control characters" }
        return nil
    }
}
