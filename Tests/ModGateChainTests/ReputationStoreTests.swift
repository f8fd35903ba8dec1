import ModGateChain
import ModGateCore
import Testing

@Test func theTrackerRecordsEventsThroughTheStore() async {
    let store = InMemoryReputationStore()
    let tracker = ReputationTracker(model: ReputationModel(), store: store)
    await tracker.record(.rejected, for: "u1", at: 100)
    #expect(store.standing(of: "u1") == Standing(trust: 0.375, firstSeen: 100, updated: 100))
    await tracker.record(.clean, for: "u1", at: 200)
    #expect(store.standing(of: "u1")?.firstSeen == 100)
    #expect(await tracker.standing(of: "u1", at: 200).trust == store.standing(of: "u1")?.trust)
    #expect(store.standing(of: "u2") == nil)
}

@Test func aFullStoreForgetsTheLeastRecentlyUpdatedFirst() {
    let store = InMemoryReputationStore(capacity: 10)
    for user in 0..<10 { store.save(Standing(trust: 0.9, firstSeen: 0, updated: Double(user)), for: "u\(user)") }
    store.save(Standing(trust: 0.9, firstSeen: 0, updated: 10), for: "u10")
    #expect(store.standing(of: "u0") == nil)
    #expect((1...10).allSatisfy { store.standing(of: "u\($0)") != nil })
}
