import Logging
import ModGateAuth
import Testing

@testable import ModGateServer

/// The key ring's reload for tokens naming an unknown key is bounded: at most one a second, whatever the flood.
@Test func unknownKeyReloadsAreAtMostOneASecond() async {
    let ring = TokenKeyRing(TokenSigner(secret: TokenSecret.generate()), loader: nil, bus: DeliveryHub(buffer: 4))
    let logger = Logger(label: "test")
    #expect(await ring.reloadForUnknownKey(now: 1000, logger: logger))
    #expect(await !ring.reloadForUnknownKey(now: 1000.2, logger: logger))
    #expect(await !ring.reloadForUnknownKey(now: 1000.99, logger: logger))
    #expect(await ring.reloadForUnknownKey(now: 1001, logger: logger))
    // A clock that went back does not stop reloads for good.
    #expect(await ring.reloadForUnknownKey(now: 900, logger: logger))
}

/// Identities whose key was retired are found; those of live keys and identities without a key are not.
@Test func theRingKnowsWhichIdentitiesKeysAreRetired() {
    let live = TokenKey.generate(now: 1)
    let keys = TokenKeys(live: [live], retired: ["old"])
    let ring = TokenKeyRing(TokenSigner(keys: keys), loader: nil, bus: DeliveryHub(buffer: 4))
    #expect(ring.retired(Identity(user: "a", role: .member, expires: 10, keyID: "old")))
    #expect(!ring.retired(Identity(user: "a", role: .member, expires: 10, keyID: live.id)))
    #expect(!ring.retired(Identity(user: "a", role: .member, expires: 10)))
    #expect(throws: AuthError.keyRetired) { try ring.check(Identity(user: "a", role: .member, expires: 10, keyID: "old")) }
}
