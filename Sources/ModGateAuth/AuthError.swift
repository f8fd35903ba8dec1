/// Why a token was refused: a stable `code` for programs, a `message` that tells the client what to do,
/// and the HTTP status and WebSocket close code the gateway answers with.
public struct AuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable codes clients and tests match on.
    public enum Code: String, Sendable, CaseIterable {
        /// No token in the `Authorization: Bearer` header nor in the `token` query parameter.
        case missing = "token_missing"
        /// Not a compact HS256 JWT: wrong shape, bad base64url, bad JSON, unsupported `alg`, too long.
        case malformed = "token_malformed"
        /// The signature does not match this gateway's secret (altered, or issued elsewhere).
        case badSignature = "token_bad_signature"
        /// `exp` has passed (beyond the configured leeway).
        case expired = "token_expired"
        /// Signed correctly but a claim is missing or unusable (`sub`, `exp`, `role`, `nbf`).
        case invalidClaims = "token_invalid_claims"
        /// A valid token whose role is below what the request needs.
        case forbidden = "token_forbidden_role"
        /// A valid token that an admin revoked (`modgate token revoke`): by its id, or all of its user's older tokens.
        case revoked = "token_revoked"
        /// Signed with a key an admin retired (`modgate token retire`): every token that key signed is refused.
        case keyRetired = "token_key_retired"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// HTTP status the server answers with: 401 for every token problem, 403 for a role that is too low.
    public var httpStatus: Int { code == .forbidden ? 403 : 401 }

    /// WebSocket close code the server closes with: 4401 for a missing, invalid, expired or revoked token (or one whose
    /// key was retired), 4403 for a
    /// role that is too low (4000-4999 is the application range of RFC 6455).
    public var closeCode: UInt16 { code == .forbidden ? 4403 : 4401 }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension AuthError {
    static let renew = "get a new token and connect again"

    /// No token was sent.
    public static let missing = AuthError(
        .missing,
        "no token: send it as `Authorization: Bearer <token>` or, from a browser, as the `token` query parameter"
    )

    /// The token was revoked: the client needs a new one, as with an expired token.
    public static let revoked = AuthError(.revoked, "the token was revoked; \(renew)")

    /// The token's `kid` names no key this gateway has (issued elsewhere, or by a key made since the keys were read).
    public static let unknownKey = AuthError(.badSignature, "the token names a key this gateway does not have; \(renew)")

    /// The key that signed the token was retired: the client needs a new one, signed with a live key.
    public static let keyRetired = AuthError(.keyRetired, "the key that signed the token was retired; \(renew)")

    static func malformed(_ detail: String) -> AuthError {
        AuthError(.malformed, "the token is not a valid ModGate token (\(detail)); \(renew)")
    }

    static func invalidClaims(_ detail: String) -> AuthError {
        AuthError(.invalidClaims, "the token's claims are not usable (\(detail)); \(renew)")
    }

    /// The identity's role is below `needed`.
    public static func forbidden(needed: Role, has: Role) -> AuthError {
        AuthError(.forbidden, "this needs the \(needed) role and the token has \(has); use a token issued with --role \(needed)")
    }
}

/// A problem with what an operator or a program passed in (role, lifetime, secret, user id) rather than
/// with a token a client sent. Says what was wrong and what to write instead.
public struct AuthConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case unknownRole = "role_unknown"
        case invalidTTL = "ttl_invalid"
        case ttlTooLong = "ttl_too_long"
        case secretTooShort = "secret_too_short"
        case secretMalformed = "secret_malformed"
        case secretUnreadable = "secret_unreadable"
        case invalidUser = "user_invalid"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
