import Foundation
import ModGateAPI
import ModGateTestSupport
import Testing

@testable import modgate

@Test func tokenRevokeNeedsExactlyOneUsableTarget() throws {
    let cases: [([String], String)] = [
        ([], "say what to revoke: --user ID (every token of that user) or --id JTI (one token)"),
        (["--user", "a", "--id", "b"], "give either --user or --id, not both"),
        (["--id", "a b"], "--id (a token id, as `token issue` prints it) holds characters other than visible ASCII"),
        (["--user", ""], "--user: the user id is empty"),
    ]
    for (arguments, message) in cases {
        let result = try modgate(["token", "revoke"] + arguments + ["--token", "t", "--server", "http://127.0.0.1:1"], environment: cleanEnvironment)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
}

@Test func tokenRevokeSaysWhatWasRevoked() {
    let user = RevokeAnswer(revoked: .user, user: "mallory", issuedBefore: 1_795_744_655, closed: 2)
    #expect(TokenRevoke.describe(user) == "revoked every token of mallory issued until 2026-11-27 01:57 UTC (2 connections closed on that gateway)")
    let one = RevokeAnswer(revoked: .token, id: "AAECAwQFBgcICQoLDA0ODw", closed: 1)
    #expect(TokenRevoke.describe(one) == "revoked token AAECAwQFBgcICQoLDA0ODw (1 connection closed on that gateway)")
}
