import Crypto
import Foundation
import ModGateAuth
import Testing

@Test func issuedTokenMatchesThePinnedFormat() throws {
    let issued = try signer.issueToken(user: "alice", role: .moderator, ttl: 3600, now: now, id: "AAECAwQFBgcICQoLDA0ODw")
    // Computed with Python's hmac and base64 modules from the same secret and claims (keys sorted, so the text depends
    // on the claims only); the header's kid is the first 8 bytes of HMAC-SHA256(secret, "modgate token key id").
    #expect(signer.keys.signing.id == "wsgrDoQu83E")
    let pinned =
        "eyJhbGciOiJIUzI1NiIsImtpZCI6IndzZ3JEb1F1ODNFIiwidHlwIjoiSldUIn0"
        + ".eyJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMCwianRpIjoiQUFFQ0F3UUZCZ2NJQ1FvTERBME9EdyIsInJvbGUiOiJtb2RlcmF0b3IiLCJzdWIiOiJhbGljZSJ9"
        + ".c-S5rTtgagB8flBWjyhpj8yPJ1_h-pqkcDR40ctlUD8"
    #expect(issued.text == pinned)
    #expect(
        issued.text
            == craft(
                header: #"{"alg":"HS256","kid":"wsgrDoQu83E","typ":"JWT"}"#,
                claims: #"{"exp":1700003600,"iat":1700000000,"jti":"AAECAwQFBgcICQoLDA0ODw","role":"moderator","sub":"alice"}"#))
    #expect(issued.id == "AAECAwQFBgcICQoLDA0ODw" && issued.issuedAt == now && issued.expires == now + 3600)
}

@Test func tokensIssuedBeforeTokenIDsStillVerify() throws {
    // The format before `jti`, computed with Python's hmac and base64 modules.
    let older =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        + ".eyJzdWIiOiJhbGljZSIsInJvbGUiOiJtb2RlcmF0b3IiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0"
        + ".5uR4PugB64KlzVmJOqQFuGHGur2KyASWy59KsA_btdY"
    #expect(
        try signer.verify(older, now: now)
            == Identity(user: "alice", role: .moderator, expires: now + 3600, tokenID: nil, issuedAt: now, keyID: "wsgrDoQu83E"))
}

@Test func issueAndVerifyRoundTrip() throws {
    let issued = try signer.issueToken(user: "user-42", role: .admin, ttl: 86_400, now: now + 0.75)
    let identity = try signer.verify(issued.text, now: now + 100)
    #expect(
        identity
            == Identity(user: "user-42", role: .admin, expires: now + 86_400, tokenID: issued.id, issuedAt: now, keyID: "wsgrDoQu83E"))
    #expect(!issued.text.contains("="))
}

@Test func everyTokenGetsAFreshIDOf128Bits() throws {
    let ids = try (0..<100).map { _ in try signer.verify(try signer.issue(user: "alice", ttl: 60, now: now), now: now).tokenID }
    #expect(Set(ids).count == 100)
    for id in ids {
        let id = try #require(id)
        #expect(id.count == 22 && TokenID.problem(id) == nil)
        #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }
}

@Test func userIdsWithQuotesAndNonASCIIRoundTrip() throws {
    for user in [#"o"brien\x"#, "zoë", "用户", String(repeating: "é", count: 64)] {
        let token = try signer.issue(user: user, ttl: 60, now: now)
        #expect(try signer.verify(token, now: now).user == user)
    }
}

@Test func tokensFromOtherJWTLibrariesVerify() throws {
    // Other key order, no kid (the first key verifies it), extra registered claims, a fractional exp and no role
    // (which means member).
    let token = craft(
        header: #"{"typ":"JWT","alg":"HS256"}"#,
        claims: #"{"iss":"chat","aud":"modgate","exp":1700003600.5,"sub":"bob","nbf":1699999990}"#
    )
    #expect(
        try signer.verify(token, now: now) == Identity(user: "bob", role: .member, expires: 1_700_003_600.5, keyID: "wsgrDoQu83E"))
    // A UUID as the token id, as other issuers write it.
    let withID = craft(claims: #"{"sub":"bob","exp":1700003600,"jti":"0b9e7a52-3f1c-4d55-9a3e-2c1f5e8d7b60"}"#)
    #expect(try signer.verify(withID, now: now).tokenID == "0b9e7a52-3f1c-4d55-9a3e-2c1f5e8d7b60")
}

@Test func issueRefusesBadUsersAndLifetimes() {
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "", now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: String(repeating: "a", count: 129), now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "a\nb", now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "a", ttl: 0, now: now) }
    #expect(throws: AuthConfigError.self) { try signer.issue(user: "a", ttl: TokenTTL.maximum + 1, now: now) }
    #expect((try? signer.issue(user: String(repeating: "a", count: 128), ttl: TokenTTL.maximum, now: now)) != nil)
}
