import Crypto

/// Issues and verifies HS256 JSON Web Tokens (RFC 7519) carrying `sub` (the user id), `role`, `iat`, `exp` and
/// `jti` (the token's id, by which one token is revoked). Tokens are interoperable with standard JWT libraries given
/// the same secret.
public struct TokenSigner: Sendable {
    /// The longest token `verify` reads, in bytes; longer ones are refused before any decoding.
    public static let defaultMaxLength = 4096

    /// Seconds a token is still accepted after its `exp` (and before its `nbf`), for clock skew.
    public let leeway: Double
    /// The longest token accepted, in bytes.
    public let maxLength: Int
    private let key: SymmetricKey

    /// A signer for `secret`, accepting tokens up to `leeway` seconds past their expiry.
    public init(secret: TokenSecret, leeway: Double = 0, maxLength: Int = TokenSigner.defaultMaxLength) {
        self.key = SymmetricKey(data: secret.bytes)
        self.leeway = max(0, leeway)
        self.maxLength = maxLength
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
        let claims =
            "{\"sub\":\(JSONText.string(user)),\"role\":\"\(role.rawValue)\",\"iat\":\(issuedAt),\"exp\":\(expires),"
            + "\"jti\":\(JSONText.string(id))}"
        let signingInput = Self.encodedHeader + "." + Base64.encode(Array(claims.utf8), url: true)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: key)
        return IssuedToken(
            text: signingInput + "." + Base64.encode(Array(mac), url: true), id: id, issuedAt: Double(issuedAt),
            expires: Double(expires))
    }

    /// The identity `token` speaks for, checked at `now` (Unix seconds).
    /// - Throws: `AuthError` with `token_malformed`, `token_bad_signature`, `token_invalid_claims` or `token_expired`.
    public func verify(_ token: String, now: Double) throws(AuthError) -> Identity {
        guard token.utf8.count <= maxLength else { throw .malformed("longer than \(maxLength) bytes") }
        guard !token.isEmpty else { throw .missing }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected three base64url parts separated by dots") }

        guard let headerBytes = Base64.decodeURL(parts[0]) else { throw .malformed("the header is not base64url") }
        guard let header = JSONValue.object(from: headerBytes) else { throw .malformed("the header is not a JSON object") }
        try Self.checkHeader(header)

        guard let signature = Base64.decodeURL(parts[2]) else { throw .malformed("the signature is not base64url") }
        let signingInput = token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Array(signingInput), using: key) else {
            throw AuthError(
                .badSignature,
                "the token's signature does not match: it was altered or issued by another gateway; get a new token and connect again"
            )
        }

        guard let claimBytes = Base64.decodeURL(parts[1]) else { throw .malformed("the claims are not base64url") }
        guard let claims = JSONValue.object(from: claimBytes) else { throw .malformed("the claims are not a JSON object") }
        return try identity(from: claims, now: now)
    }

    // MARK: - Internals

    /// base64url of `{"alg":"HS256","typ":"JWT"}`.
    static let encodedHeader = Base64.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8), url: true)

    private static func checkHeader(_ header: [String: JSONValue]) throws(AuthError) {
        guard case .string(let alg)? = header["alg"] else { throw .malformed("the header has no \"alg\"") }
        guard alg == "HS256" else { throw .malformed("\"alg\" is \"\(alg.prefix(16))\"; only HS256 is accepted") }
        if let typ = header["typ"], typ != .string("JWT"), typ != .string("jwt") {
            throw .malformed("\"typ\" is not \"JWT\"")
        }
        if header["crit"] != nil { throw .malformed("critical header extensions are not supported") }
    }

    private func identity(from claims: [String: JSONValue], now: Double) throws(AuthError) -> Identity {
        guard let subject = claims["sub"] else { throw .invalidClaims("no \"sub\" (user id)") }
        guard case .string(let user) = subject else { throw .invalidClaims("\"sub\" is not a string") }
        if let problem = UserID.problem(user) { throw .invalidClaims(problem) }

        guard let expiry = claims["exp"] else { throw .invalidClaims("no \"exp\" (expiry)") }
        guard case .number(let expires) = expiry, expires.isFinite else { throw .invalidClaims("\"exp\" is not a number") }
        let issuedAt = try Self.checkOptionalNumber("iat", in: claims)
        let tokenID: String?
        switch claims["jti"] {
        case nil: tokenID = nil
        case .string(let id)?:
            if let problem = TokenID.problem(id) { throw .invalidClaims("\"jti\" (the token id) \(problem)") }
            tokenID = id
        default: throw .invalidClaims("\"jti\" (the token id) is not a string")
        }
        if let notBefore = try Self.checkOptionalNumber("nbf", in: claims), now + leeway < notBefore {
            throw .invalidClaims("not valid before \(Self.unixText(notBefore)) (\"nbf\"); check the clock")
        }

        let role: Role
        switch claims["role"] {
        case nil: role = .member
        case .string(let name)?:
            guard let known = Role(rawValue: name) else {
                throw .invalidClaims("unknown role \"\(name.prefix(32))\"; roles are member, moderator, admin and service")
            }
            role = known
        default: throw .invalidClaims("\"role\" is not a string")
        }

        guard now < expires + leeway else {
            throw AuthError(.expired, "the token expired at \(Self.unixText(expires)) (Unix seconds); get a new token and connect again")
        }
        return Identity(user: user, role: role, expires: expires, tokenID: tokenID, issuedAt: issuedAt)
    }

    /// Unix seconds for a message, without trapping on values too large for an integer.
    private static func unixText(_ seconds: Double) -> String {
        abs(seconds) < 1e15 ? String(Int64(seconds.rounded(.down))) : String(seconds)
    }

    @discardableResult
    private static func checkOptionalNumber(_ name: String, in claims: [String: JSONValue]) throws(AuthError) -> Double? {
        switch claims[name] {
        case nil: return nil
        case .number(let value)? where value.isFinite: return value
        default: throw .invalidClaims("\"\(name)\" is not a number")
        }
    }
}

/// Finds the token in a request: the `Authorization: Bearer` header first, else the `token` query parameter
/// (browsers cannot set headers on a WebSocket). Never log the query parameter: it is a credential.
public enum BearerToken {
    /// The token text. - Throws: `token_missing` when neither carries one, `token_malformed` for another scheme.
    public static func extract(authorization: String?, queryToken: String?) throws(AuthError) -> String {
        if let header = authorization?.trimmingSpaces(), !header.isEmpty {
            let scheme = header.prefix(while: { $0 != " " })
            guard scheme.lowercased() == "bearer" else {
                throw .malformed("the Authorization header must use the Bearer scheme")
            }
            let token = header.dropFirst(scheme.count).drop(while: { $0 == " " })
            guard !token.isEmpty else { throw .missing }
            return String(token)
        }
        if let query = queryToken, !query.isEmpty { return query }
        throw .missing
    }
}
