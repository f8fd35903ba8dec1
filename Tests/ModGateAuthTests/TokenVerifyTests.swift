import Foundation
import ModGateAuth
import Testing

@Test func expiryBoundary() throws {
    let token = try signer.issue(user: "alice", ttl: 60, now: now)
    #expect(failure(token, at: now + 59.999) == nil)
    #expect(failure(token, at: now + 60) == .expired)
    #expect(failure(token, at: now + 1e9) == .expired)
}

@Test func leewayExtendsExpiry() throws {
    let lenient = TokenSigner(secret: secret, leeway: 30)
    let token = try signer.issue(user: "alice", ttl: 60, now: now)
    #expect(failure(token, at: now + 89, with: lenient) == nil)
    #expect(failure(token, at: now + 90, with: lenient) == .expired)
}

@Test func notBeforeIsHonoured() {
    let token = craft(claims: #"{"sub":"a","exp":\#(now + 60),"nbf":\#(now + 10)}"#)
    #expect(failure(token, at: now) == .invalidClaims)
    #expect(failure(token, at: now + 10) == nil)
}

@Test func tamperedPayloadIsRefused() throws {
    let token = try signer.issue(user: "alice", role: .member, ttl: 60, now: now)
    let parts = token.split(separator: ".").map(String.init)
    let forged = base64url(Array(claims(sub: "alice", role: "admin").utf8))
    #expect(failure([parts[0], forged, parts[2]].joined(separator: ".")) == .badSignature)
    var flipped = Array(token.utf8)
    flipped[flipped.count - 2] = flipped[flipped.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
    #expect(failure(String(decoding: flipped, as: UTF8.self)) == .badSignature)
}

@Test func wrongSecretIsRefused() throws {
    let other = TokenSigner(secret: TokenSecret.generate())
    #expect(failure(try other.issue(user: "alice", now: now)) == .badSignature)
    #expect(failure(craft(claims: claims(), key: "another-secret-of-32-bytes-long!")) == .badSignature)
}

@Test func algNoneAndOtherAlgorithmsAreRefused() {
    let body = base64url(Array(claims().utf8))
    let none = base64url(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + body + "."
    #expect(failure(none) == .malformed)
    // Correctly MACed, but claiming HS512: the header is checked before anything else.
    #expect(failure(craft(header: #"{"alg":"HS512","typ":"JWT"}"#, claims: claims())) == .malformed)
    #expect(failure(craft(header: #"{"alg":"hs256"}"#, claims: claims())) == .malformed)
    #expect(failure(craft(header: #"{"typ":"JWT"}"#, claims: claims())) == .malformed)
    #expect(failure(craft(header: #"{"alg":"HS256","crit":["exp"]}"#, claims: claims())) == .malformed)
}

@Test(arguments: [
    "", "abc", "a.b", "a.b.c.d", "..", "eyJ.eyJ.", "!!!.eyJ.abc",
])
func malformedStructureIsRefused(token: String) {
    #expect(failure(token) == (token.isEmpty ? .missing : .malformed))
}

@Test func badBase64AndBadJSONAreMalformed() throws {
    let good = try signer.issue(user: "alice", ttl: 60, now: now).split(separator: ".").map(String.init)
    #expect(failure([good[0] + "=", good[1], good[2]].joined(separator: ".")) == .malformed)
    #expect(failure([good[0], good[1], good[2] + "*"].joined(separator: ".")) == .malformed)
    // Standard-alphabet characters are not base64url.
    #expect(failure([good[0], good[1], "+/" + good[2].dropFirst(2)].joined(separator: ".")) == .malformed)
    #expect(failure(craft(header: "{not json", claims: claims())) == .malformed)
    #expect(failure(craft(header: "[]", claims: claims())) == .malformed)
    #expect(failure(craft(claims: "{not json")) == .malformed)
    #expect(failure(craft(claims: #""alice""#)) == .malformed)
}

@Test func overlongTokenIsRefusedBeforeDecoding() {
    let huge = craft(claims: claims(sub: String(repeating: "a", count: 5000)))
    #expect(failure(huge) == .malformed)
}

@Test(arguments: [
    #"{"exp":1700003600}"#,  // no sub
    #"{"sub":"alice"}"#,  // no exp
    #"{"sub":42,"exp":1700003600}"#,
    #"{"sub":"alice","exp":"1700003600"}"#,
    #"{"sub":"alice","exp":true}"#,
    #"{"sub":"alice","exp":1700003600,"role":"owner"}"#,
    #"{"sub":"alice","exp":1700003600,"role":"Admin"}"#,
    #"{"sub":"alice","exp":1700003600,"role":2}"#,
    #"{"sub":"alice","exp":1700003600,"iat":"yesterday"}"#,
    #"{"sub":"","exp":1700003600}"#,
    #"{"sub":"a\nb","exp":1700003600}"#,
    #"{"sub":"a\u0000b","exp":1700003600}"#,
    #"{"sub":"a\u2028b","exp":1700003600}"#,
    #"{"sub":"\#(String(repeating: "x", count: 129))","exp":1700003600}"#,
    #"{"sub":"alice","exp":1700003600,"jti":42}"#,
    #"{"sub":"alice","exp":1700003600,"jti":""}"#,
    #"{"sub":"alice","exp":1700003600,"jti":"a b"}"#,
    #"{"sub":"alice","exp":1700003600,"jti":"a\nb"}"#,
    #"{"sub":"alice","exp":1700003600,"jti":"zoë"}"#,
    #"{"sub":"alice","exp":1700003600,"jti":"\#(String(repeating: "j", count: 65))"}"#,
])
func invalidClaimsAreRefused(claims: String) {
    #expect(failure(craft(claims: claims)) == .invalidClaims)
}

@Test func hugeExpiryDoesNotTrap() {
    #expect(failure(craft(claims: #"{"sub":"a","exp":-1e300}"#)) == .expired)
    #expect(failure(craft(claims: #"{"sub":"a","exp":1e300}"#)) == nil)
}

@Test func errorsCarryStatusAndCloseCodes() throws {
    for code in AuthError.Code.allCases {
        let error = AuthError(code, "x")
        #expect(error.httpStatus == (code == .forbidden ? 403 : 401))
        #expect(error.closeCode == (code == .forbidden ? 4403 : 4401))
    }
    #expect(AuthError.Code.allCases.map(\.rawValue) == [
        "token_missing", "token_malformed", "token_bad_signature", "token_expired", "token_invalid_claims",
        "token_forbidden_role", "token_revoked", "token_key_retired",
    ])
    let identity = try signer.verify(try signer.issue(user: "m", role: .member, now: now), now: now)
    #expect(throws: AuthError.forbidden(needed: .moderator, has: .member)) { try identity.require(.moderator) }
    try identity.require(.member)
}

@Test func messagesTellTheClientWhatToDoWithoutEchoingSecrets() throws {
    let token = try signer.issue(user: "alice", ttl: 60, now: now)
    do {
        _ = try signer.verify(token, now: now + 120)
        Issue.record("expected expiry")
    } catch {
        #expect(error.message.contains("get a new token"))
        #expect(!error.message.contains(token))
    }
    #expect(AuthError.missing.message.contains("Authorization: Bearer"))
}

@Test func aRevokedTokenIsRefusedLikeAnExpiredOne() {
    #expect(AuthError.revoked.code == .revoked)
    #expect(AuthError.revoked.httpStatus == 401 && AuthError.revoked.closeCode == 4401)
    #expect(AuthError.revoked.message == "the token was revoked; get a new token and connect again")
}

@Test func malformedTokenIDsSayWhatIsWrong() {
    do {
        _ = try signer.verify(craft(claims: #"{"sub":"a","exp":\#(now + 60),"jti":"a b"}"#), now: now)
        Issue.record("expected an error")
    } catch {
        #expect(error.message.contains(#""jti" (the token id) holds characters other than visible ASCII"#))
    }
}
