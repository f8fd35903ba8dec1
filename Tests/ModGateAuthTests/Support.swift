import Crypto
import Foundation
import ModGateAuth

/// The secret the tests sign with: 32 ASCII bytes.
let secretText = "modgate-test-secret-0123456789ab"
let secret = try! TokenSecret(bytes: Array(secretText.utf8))
let signer = TokenSigner(secret: secret)
let now = 1_700_000_000.0

/// base64url without padding, written independently of the code under test.
func base64url(_ bytes: some DataProtocol) -> String {
    Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// A compact JWS with the given header and claims JSON, signed with HMAC-SHA256 over `key` by Crypto directly.
func craft(header: String = #"{"alg":"HS256","typ":"JWT"}"#, claims: String, key: String = secretText) -> String {
    let signingInput = base64url(Array(header.utf8)) + "." + base64url(Array(claims.utf8))
    let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: Array(key.utf8)))
    return signingInput + "." + base64url(Array(mac))
}

/// Claims JSON for `sub` with an expiry an hour after `now`.
func claims(sub: String = "alice", role: String = "member", exp: Double = now + 3600) -> String {
    #"{"sub":"\#(sub)","role":"\#(role)","iat":\#(Int(now)),"exp":\#(exp)}"#
}

/// The code `verify` throws for `token` at `time`, or nil when it verifies.
func failure(_ token: String, at time: Double = now, with signer: TokenSigner = signer) -> AuthError.Code? {
    do {
        _ = try signer.verify(token, now: time)
        return nil
    } catch {
        return error.code
    }
}
