import JWTKit

/// The claims this gateway writes (in the token, their keys are sorted).
struct IssuedClaims: Encodable {
    let sub: String
    let role: String
    let iat: Int64
    let exp: Int64
    let jti: String
}

/// The claims of a received token as jwt-kit's parser reads them, each kept as whatever JSON it is, so that a claim
/// of the wrong type is `token_invalid_claims` (checked after the signature) rather than a decoding failure.
struct ReceivedClaims: JWTPayload {
    /// A claim's JSON value: a string, a finite number, or anything else.
    enum Value: Codable, Sendable, Equatable {
        case string(String)
        case number(Double)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .other
            } else if let number = try? container.decode(Double.self), number.isFinite {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .other
            }
        }
    }

    enum CodingKeys: String, CodingKey { case sub, role, iat, exp, nbf, jti }

    let claims: [CodingKeys: Value]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var claims: [CodingKeys: Value] = [:]
        for key in container.allKeys { claims[key] = try container.decode(Value.self, forKey: key) }
        self.claims = claims
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, value) in claims { try container.encode(value, forKey: key) }
    }

    /// Checked by `identity(now:leeway:)`, which takes the gateway's clock and leeway.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The identity these claims, verified with key `keyID`, speak for at `now`.
    /// - Throws: `token_invalid_claims` or `token_expired`.
    func identity(now: Double, leeway: Double, keyID: String) throws(AuthError) -> Identity {
        guard let subject = claims[.sub] else { throw .invalidClaims("no \"sub\" (user id)") }
        guard case .string(let user) = subject else { throw .invalidClaims("\"sub\" is not a string") }
        if let problem = UserID.problem(user) { throw .invalidClaims(problem) }

        guard let expiry = claims[.exp] else { throw .invalidClaims("no \"exp\" (expiry)") }
        guard case .number(let expires) = expiry else { throw .invalidClaims("\"exp\" is not a number") }
        let issuedAt = try number(.iat)
        let tokenID = try self.tokenID()
        if let notBefore = try number(.nbf), now + leeway < notBefore {
            throw .invalidClaims("not valid before \(Self.unixText(notBefore)) (\"nbf\"); check the clock")
        }
        let role = try self.role()
        guard now < expires + leeway else {
            throw AuthError(.expired, "the token expired at \(Self.unixText(expires)) (Unix seconds); \(AuthError.renew)")
        }
        return Identity(user: user, role: role, expires: expires, tokenID: tokenID, issuedAt: issuedAt, keyID: keyID)
    }

    private func tokenID() throws(AuthError) -> String? {
        switch claims[.jti] {
        case nil: return nil
        case .string(let id)?:
            if let problem = TokenID.problem(id) { throw .invalidClaims("\"jti\" (the token id) \(problem)") }
            return id
        default: throw .invalidClaims("\"jti\" (the token id) is not a string")
        }
    }

    private func role() throws(AuthError) -> Role {
        switch claims[.role] {
        case nil: return .member
        case .string(let name)?:
            guard let known = Role(rawValue: name) else {
                throw .invalidClaims("unknown role \"\(name.prefix(32))\"; roles are member, moderator, admin and service")
            }
            return known
        default: throw .invalidClaims("\"role\" is not a string")
        }
    }

    private func number(_ key: CodingKeys) throws(AuthError) -> Double? {
        switch claims[key] {
        case nil: return nil
        case .number(let value)?: return value
        default: throw .invalidClaims("\"\(key.rawValue)\" is not a number")
        }
    }

    /// Unix seconds for a message, without trapping on values too large for an integer.
    private static func unixText(_ seconds: Double) -> String {
        abs(seconds) < 1e15 ? String(Int64(seconds.rounded(.down))) : String(seconds)
    }
}
