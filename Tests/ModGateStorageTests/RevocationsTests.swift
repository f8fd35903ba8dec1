import ModGateStorage
import Testing

@Test func aUserRevocationRefusesTheirTokensIssuedUpToItsTimeOnly() {
    let revocations = Revocations([.user("alice", at: 1000.5)])
    #expect(revocations.revokes(user: "alice", tokenID: "a1", issuedAt: 999))
    // `iat` is whole seconds: a token of the revocation's second may be older than it, so it goes too.
    #expect(revocations.revokes(user: "alice", tokenID: "a2", issuedAt: 1000))
    #expect(!revocations.revokes(user: "alice", tokenID: "a3", issuedAt: 1001))
    #expect(!revocations.revokes(user: "bob", tokenID: "b1", issuedAt: 999))
    // Without `iat` nobody can tell when the token was issued: revoked.
    #expect(revocations.revokes(user: "alice", tokenID: nil, issuedAt: nil))
    #expect(!revocations.revokes(user: "bob", tokenID: nil, issuedAt: nil))
}

@Test func aTokenRevocationRefusesThatTokenOnly() {
    let revocations = Revocations([.token(id: "t1", at: 1000)])
    #expect(revocations.revokes(user: "alice", tokenID: "t1", issuedAt: 2000))
    #expect(!revocations.revokes(user: "alice", tokenID: "t2", issuedAt: 500))
    #expect(!revocations.revokes(user: "alice", tokenID: nil, issuedAt: 500))
}

@Test func aUsersLaterRevocationWinsWhicheverArrivesFirst() {
    var revocations = Revocations([.user("alice", at: 2000)])
    revocations.apply(.user("alice", at: 1000))
    #expect(revocations.users == ["alice": 2000])
    revocations.apply(.user("alice", at: 3000))
    #expect(revocations.users == ["alice": 3000])
    #expect(revocations == Revocations([.user("alice", at: 1000), .user("alice", at: 3000)]))
}
