import Crypto
import Foundation
import ModGateAuth
import Testing

@Test func issuedTokenMatchesThePinnedFormat() throws {
    let token = try signer.issue(user: "alice", role: .moderator, ttl: 3600, now: now)
    // Computed with Python's hmac and base64 modules from the same secret and claims.
    let pinned =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        + ".eyJzdWIiOiJhbGljZSIsInJvbGUiOiJtb2RlcmF0b3IiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0"
        + ".5uR4PugB64KlzVmJOqQFuGHGur2KyASWy59KsA_btdY"
    #expect(token == pinned)
    #expect(token == craft(claims: #"{"sub":"alice","role":"moderator","iat":1700000000,"exp":1700003600}"#))
}

@Test func issueAndVerifyRoundTrip() throws {
    let token = try signer.issue(user: "user-42", role: .admin, ttl: 86_400, now: now + 0.75)
    let identity = try signer.verify(token, now: now + 100)
    #expect(identity == Identity(user: "user-42", role: .admin, expires: now + 86_400))
    #expect(!token.contains("="))
}

@Test func userIdsWithQuotesAndNonASCIIRoundTrip() throws {
    for user in [#"o"brien\x"#, "zoë", "用户", String(repeating: "é", count: 64)] {
        let token = try signer.issue(user: user, ttl: 60, now: now)
        #expect(try signer.verify(token, now: now).user == user)
    }
}

@Test func tokensFromOtherJWTLibrariesVerify() throws {
    // Other key order, extra registered claims, a fractional exp and no role (which means member).
    let token = craft(
        header: #"{"typ":"JWT","alg":"HS256","kid":"k1"}"#,
        claims: #"{"iss":"chat","aud":"modgate","exp":1700003600.5,"sub":"bob","nbf":1699999990}"#
    )
    #expect(try signer.verify(token, now: now) == Identity(user: "bob", role: .member, expires: 1_700_003_600.5))
}

@Test func issueRefusesBadUsersAndLifetimes() {
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "", now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: String(repeating: "a", count: 129), now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "a\nb", now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "a", ttl: 0, now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "a", ttl: TokenTTL.maximum + 1, now: now) }
    #expect((try? signer.issue(user: String(repeating: "a", count: 128), ttl: TokenTTL.maximum, now: now)) != nil)
}
