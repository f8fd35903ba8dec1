import Crypto
import Foundation
import ModGateAuth

extension FuzzHarness {
    /// The token parser. The first byte picks what the rest is: a raw token (and an `Authorization` header),
    /// a header and claims signed with the right key (so the JSON and claim checks are reached: the fuzzer
    /// cannot forge a signature), or a user id to issue a token for and read back.
    public static let token = FuzzHarness(name: "token") { bytes in
        guard let mode = bytes.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
        switch mode % 3 {
        case 0: TokenOracle.verifyRaw(String(decoding: rest, as: UTF8.self))
        case 1: TokenOracle.verifySigned(Array(rest))
        default: TokenOracle.issueAndVerify(user: String(decoding: rest, as: UTF8.self))
        }
    }
}

private enum TokenOracle {
    static let secret = Array(repeating: UInt8(7), count: 32)
    static let signer = try! TokenSigner(secret: secret, leeway: 30)
    static let now = 1_800_000_000.0
    static let standardHeader = Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    static func verifyRaw(_ text: String) {
        check(try? signer.verify(text, now: now))
        _ = try? BearerToken.extract(authorization: text, queryToken: nil)
    }

    /// `header` newline `claims`, or the claims alone under the standard header.
    static func verifySigned(_ input: [UInt8]) {
        let parts = input.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false)
        let (header, claims) = parts.count == 2 ? (Array(parts[0]), Array(parts[1])) : (standardHeader, input)
        let signingInput = base64URL(header) + "." + base64URL(claims)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: secret))
        check(try? signer.verify(signingInput + "." + base64URL(Array(mac)), now: now))
    }

    static func issueAndVerify(user: String) {
        for role in Role.allCases {
            guard let token = try? signer.issue(user: user, role: role, ttl: 3600, now: now) else { return }
            let identity = try? signer.verify(token, now: now)
            expect(identity?.user == user && identity?.role == role, "issued \(user.debugDescription) as \(role), read \(String(describing: identity))")
        }
    }

    /// What any accepted token must carry.
    private static func check(_ identity: Identity?) {
        guard let identity else { return }
        expect(UserID.problem(identity.user) == nil, "accepted the user id \(identity.user.debugDescription)")
        expect(now < identity.expires + signer.leeway, "accepted a token that expired at \(identity.expires)")
        if let id = identity.tokenID { expect(TokenID.problem(id) == nil, "accepted the token id \(id.debugDescription)") }
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
