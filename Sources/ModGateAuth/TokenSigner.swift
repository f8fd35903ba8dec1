import Foundation
import JWTKit

/// Issues and verifies HS256 JSON Web Tokens (RFC 7519) carrying `sub` (the user id), `role`, `iat`, `exp` and
/// `jti` (the token's id, by which one token is revoked), under a header whose `kid` names the key that signed it.
/// jwt-kit splits and decodes what a client sends; tokens are interoperable with standard JWT libraries given the
/// same key.
public struct TokenSigner: Sendable {
    /// The longest token `verify` reads, in bytes; longer ones are refused before any decoding.
    public static let defaultMaxLength = 4096

    /// Seconds a token is still accepted after its `exp` (and before its `nbf`), for clock skew.
    public let leeway: Double
    /// The longest token accepted, in bytes.
    public let maxLength: Int
    /// The newest live key signs; each live key verifies the tokens that name it.
    public let keys: TokenKeys

    /// A signer for `keys`, accepting tokens up to `leeway` seconds past their expiry.
    public init(keys: TokenKeys, leeway: Double = 0, maxLength: Int = TokenSigner.defaultMaxLength) {
        self.keys = keys
        self.leeway = max(0, leeway)
        self.maxLength = maxLength
    }

    /// A signer for one key made from `secret`, which also verifies tokens without a `kid`.
    public init(secret: TokenSecret, leeway: Double = 0, maxLength: Int = TokenSigner.defaultMaxLength) {
        self.init(keys: TokenKeys(secret: secret), leeway: leeway, maxLength: maxLength)
    }

    /// This signer with `keys` instead of its own.
    public func with(_ keys: TokenKeys) -> TokenSigner {
        TokenSigner(keys: keys, leeway: leeway, maxLength: maxLength)
    }

    /// A signer for raw key bytes. - Throws: `secret_too_short` below 32 bytes.
    public init(secret: some Sequence<UInt8>, leeway: Double = 0) throws(AuthConfigError) {
        self.init(secret: try TokenSecret(bytes: secret), leeway: leeway)
    }

    /// A signed token for `user` with `role`, issued at `now` (Unix seconds, rounded down) and expiring
    /// `ttl` seconds later (rounded up). - Throws: `user_invalid`, `ttl_invalid` or `ttl_too_long`.
    public func issue(user: String, role: Role = .member, ttl: Double = TokenTTL.standard, now: Double) throws(AuthConfigError)
        -> String
    {
        try issueToken(user: user, role: role, ttl: ttl, now: now).text
    }

    /// Like `issue`, with the token's id and times, so that an operator can revoke it later; `id` is 128 fresh
    /// random bits unless a test fixes it. - Throws: `user_invalid`, `ttl_invalid` or `ttl_too_long`.
    public func issueToken(
        user: String, role: Role = .member, ttl: Double = TokenTTL.standard, now: Double, id: String = TokenID.generate()
    ) throws(AuthConfigError) -> IssuedToken {
        if let problem = UserID.problem(user) {
            throw AuthConfigError(.invalidUser, "\(problem); use a non-empty id of at most \(UserID.maxBytes) bytes")
        }
        try TokenTTL.check(ttl)
        precondition(TokenID.problem(id) == nil, "a token id is 1 to \(TokenID.maxBytes) visible ASCII characters")
        precondition(now.isFinite && abs(now) < 1e15, "now must be Unix seconds")
        let issuedAt = Int64(now.rounded(.down))
        let expires = issuedAt + Int64(ttl.rounded(.up))
        let claims = IssuedClaims(sub: user, role: role.rawValue, iat: issuedAt, exp: expires, jti: id)
        let key = keys.signing
        let signingInput = Self.json(IssuedHeader(kid: key.id)).base64URL + "." + Self.json(claims).base64URL
        return IssuedToken(
            text: signingInput + "." + HS256Key(key.secret).mac(Array(signingInput.utf8)).base64URL, id: id,
            issuedAt: Double(issuedAt), expires: Double(expires))
    }

    /// The identity `token` speaks for, checked at `now` (Unix seconds).
    /// - Throws: `AuthError` with `token_malformed`, `token_key_retired`, `token_bad_signature` (``AuthError/unknownKey``
    ///   when its `kid` names no key here), `token_invalid_claims` or `token_expired`.
    public func verify(_ token: String, now: Double) throws(AuthError) -> Identity {
        guard token.utf8.count <= maxLength else { throw .malformed("longer than \(maxLength) bytes") }
        guard !token.isEmpty else { throw .missing }
        let bytes = Array(token.utf8)
        // jwt-kit's base64url reader allows padding; a JWT has none (RFC 7515 section 2).
        guard !bytes.contains(UInt8(ascii: "=")) else { throw .malformed("base64url in a JWT has no \"=\" padding") }
        let parsed: (header: JWTHeader, payload: ReceivedClaims, signature: Data)
        do {
            parsed = try Self.parser.parse(bytes, as: ReceivedClaims.self)
        } catch {
            throw .malformed("expected three base64url parts, a JSON header and JSON claims, separated by dots")
        }
        try Self.checkHeader(parsed.header)
        let key = try key(for: parsed.header)
        let signingInput = bytes[..<bytes.lastIndex(of: UInt8(ascii: "."))!]
        guard (try? HS256Key(key.secret).verify(parsed.signature, signs: signingInput)) == true else {
            throw AuthError(
                .badSignature,
                "the token's signature does not match: it was altered or issued by another gateway; \(AuthError.renew)")
        }
        return try parsed.payload.identity(now: now, leeway: leeway, keyID: key.id)
    }

    // MARK: - Internals

    private static let parser = DefaultJWTParser()

    /// `{"alg":"HS256","kid":KID,"typ":"JWT"}`.
    private struct IssuedHeader: Encodable {
        var alg = "HS256"
        var kid: String
        var typ = "JWT"
    }

    /// The key the header's `kid` names, checked for its length and characters before the lookup; without a `kid`,
    /// the key that verifies tokens issued before keys had ids.
    private func key(for header: JWTHeader) throws(AuthError) -> TokenKey {
        var kid: String?
        if let field = header.fields["kid"] {
            guard case .string(let name) = field, TokenKey.problem(name) == nil else {
                throw .malformed("\"kid\" is not 1 to \(TokenKey.maxIDBytes) visible ASCII characters")
            }
            kid = name
        }
        switch keys.lookup(kid) {
        case .live(let key): return key
        case .retired: throw AuthError.keyRetired
        case .unknown: throw AuthError.unknownKey
        }
    }

    private static func checkHeader(_ header: JWTHeader) throws(AuthError) {
        guard let alg = header.fields["alg"] else { throw .malformed("the header has no \"alg\"") }
        guard alg == .string("HS256") else { throw .malformed("\"alg\" is not \"HS256\"; only HS256 is accepted") }
        if let typ = header.fields["typ"], typ != .string("JWT"), typ != .string("jwt") {
            throw .malformed("\"typ\" is not \"JWT\"")
        }
        if header.fields["crit"] != nil { throw .malformed("critical header extensions are not supported") }
    }

    /// JSON for what this gateway writes: keys sorted, so a token's text depends on its claims only; slashes unescaped.
    private static func json(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            preconditionFailure("strings and integers always encode as JSON: \(error)")
        }
    }
}
