import Foundation
import ModGateAPI
import ModGateTestSupport
import Testing

@testable import modgate

@Test func tokenRetireRefusesAMalformedKeyID() throws {
    for kid in ["a b", String(repeating: "k", count: 33)] {
        let result = try modgate(["token", "retire", kid, "--token", "t", "--server", "http://127.0.0.1:1"], environment: cleanEnvironment)
        #expect(result.status == 2, "\(kid)")
        #expect(result.stderr.contains("KID (a key id, as `modgate token keys` lists it) "), "\(result.stderr)")
    }
}

@Test func tokenKeysListsTheNewestFirstAndWhichSigns() {
    let keys = [
        TokenKeyRow(kid: "Wcun9hMI3bs", createdAt: 1_795_744_655, signing: true),
        TokenKeyRow(kid: "XwnveIJVNCU", createdAt: 1_795_700_000, signing: false),
    ]
    #expect(TokenKeysList.table(keys) == [
        "KID          CREATED               SIGNS",
        "Wcun9hMI3bs  2026-11-27 01:57 UTC  yes",
        "XwnveIJVNCU  2026-11-26 13:33 UTC  no",
    ])
}

/// `modgate token rotate`, `keys` and `retire` against a running `modgate serve`, and `token issue` and `bench gateway`
/// signing with the new key from the database.
@Test(.timeLimit(.minutes(2))) func tokenRotateKeysAndRetireAgainstARunningGateway() async throws {
    let gateway = try await LiveGateway.start()
    let admin = try gateway.token("root", role: "admin")
    func token(_ arguments: [String], as token: String = admin) throws -> RunResult {
        try gateway.cli(["token"] + arguments, token: token)
    }
    let rotated = try token(["rotate"])
    #expect(rotated.status == 0 && rotated.stdout.hasPrefix("new signing key "), "\(rotated.stderr)")
    let listed = try token(["keys"])
    let rows = listed.stdout.split(separator: "\n").dropFirst()
    #expect(rows.count == 2 && rows.first?.hasSuffix("yes") == true && rows.last?.hasSuffix("no") == true, "\(listed.stdout)")
    let old = try #require(rows.last?.split(separator: " ").first.map(String.init))
    let retired = try token(["retire", old, "--reason", "scheduled"])
    #expect(retired.stdout == "retired key \(old) (0 connections closed on that gateway)\n", "\(retired.stderr)")
    // The admin token was signed by the retired key; one `token issue` signs now, with the newest key, works.
    #expect(try token(["keys"]).stderr.contains("the key that signed the token was retired"))
    let fresh = try gateway.token("root", role: "admin")
    #expect(try token(["keys"], as: fresh).status == 0)
    let again = try token(["retire", old], as: fresh)
    #expect(again.status != 0 && again.stderr.contains("no live token key \(old)"), "\(again.stderr)")
    // The benchmark mints its users' tokens from the database with the newest key too.
    let bench = try modgate(
        [
            "bench", "gateway", "--url", "ws://127.0.0.1:\(gateway.server.port)", "--token-db", gateway.database, "--clients", "1",
            "--rooms", "1", "--subscribers", "1", "--rate", "20", "--seconds", "1", "--json",
        ], environment: cleanEnvironment)
    #expect(bench.status == 0 && bench.stdout.contains(#""errors":0"#), "\(bench.stdout) \(bench.stderr)")
    await gateway.stop()
}
