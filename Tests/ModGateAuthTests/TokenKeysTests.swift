import ModGateAuth
import Testing

/// Key rotation in the key set: the newest live key signs, older live keys verify, retired ones refuse.
struct TokenKeysTests {
    let first = TokenKey(id: TokenKey.id(derivedFrom: secret), secret: secret, created: now - 100)
    let second = TokenKey(id: "k2", secret: TokenSecret.generate(), created: now)

    func signer(live: [TokenKey], retired: Set<String> = []) -> TokenSigner {
        TokenSigner(keys: TokenKeys(live: live, retired: retired, unnamed: first.id))
    }

    @Test func theNewestKeySignsAndTheOlderStillVerifies() throws {
        let before = signer(live: [first])
        let old = try before.issue(user: "alice", now: now)
        let rotated = signer(live: [first, second])
        #expect(rotated.keys.signing.id == "k2")
        let new = try rotated.issue(user: "bob", now: now)
        #expect(try rotated.verify(new, now: now).keyID == "k2")
        #expect(try rotated.verify(old, now: now).keyID == first.id)
        // A token from before keys had ids (no kid) is the first key's.
        #expect(try rotated.verify(craft(claims: claims()), now: now).keyID == first.id)
        // The signer before the rotation does not know the new key.
        #expect(throws: AuthError.unknownKey) { try before.verify(new, now: now) }
    }

    @Test func aRetiredKeyVerifiesNothing() throws {
        let old = try signer(live: [first]).issue(user: "alice", now: now)
        let retired = signer(live: [second], retired: [first.id])
        #expect(failure(old, with: retired) == .keyRetired)
        #expect(failure(craft(claims: claims()), with: retired) == .keyRetired)
        #expect(throws: AuthError.keyRetired) { try retired.verify(old, now: now) }
        #expect(AuthError.keyRetired.httpStatus == 401 && AuthError.keyRetired.closeCode == 4401)
    }

    @Test func keyIDsAreBoundedBeforeTheLookup() {
        let long = String(repeating: "k", count: TokenKey.maxIDBytes + 1)
        for header in [
            #"{"alg":"HS256","kid":"\#(long)"}"#, #"{"alg":"HS256","kid":""}"#, #"{"alg":"HS256","kid":"a b"}"#,
            #"{"alg":"HS256","kid":42}"#, #"{"alg":"HS256","kid":"a\u0000"}"#,
        ] {
            #expect(failure(craft(header: header, claims: claims())) == .malformed, "\(header)")
        }
        #expect(failure(craft(header: #"{"alg":"HS256","kid":"nope"}"#, claims: claims())) == .badSignature)
    }

    @Test func freshKeysHaveShortRandomIDs() {
        let ids = (0..<50).map { _ in TokenKey.generate(now: now).id }
        #expect(Set(ids).count == 50)
        #expect(ids.allSatisfy { $0.count == 11 && TokenKey.problem($0) == nil })
        let key = TokenKey.generate(now: now)
        #expect(!"\(key)".contains(key.secret.hex))
    }

    @Test func theKeyIDOfASecretIsStableAndTellsNothingOfIt() {
        #expect(TokenKey.id(derivedFrom: secret) == "wsgrDoQu83E")
        #expect(TokenKey.id(derivedFrom: TokenSecret.generate()) != "wsgrDoQu83E")
    }
}
