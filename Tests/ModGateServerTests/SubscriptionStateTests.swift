import ModGateServer
import Testing

private func delivery(_ seq: Int64, room: String = "lobby") -> Delivery {
    Delivery(room: room, seq: seq, id: seq + 100, frame: "\(room)#\(seq)")
}

@Test func resumeSendsStoredThenHeldLiveWithoutGapOrDuplicate() throws {
    var state = SubscriptionState(holdLimit: 10)
    state.subscribe("lobby")
    // Live messages 5 and 6 arrive while the stored ones (3...5) are read.
    #expect(state.frames(for: .live(delivery(5))) == [])
    #expect(state.frames(for: .live(delivery(6))) == [])
    let resumed = state.frames(for: .backlog(room: "lobby", after: 2, messages: [delivery(3), delivery(4), delivery(5)]))
    #expect(resumed == ["lobby#3", "lobby#4", "lobby#5", "lobby#6"])
    #expect(state.frames(for: .live(delivery(6))) == [])
    #expect(state.frames(for: .live(delivery(7))) == ["lobby#7"])
}

@Test func subscribingWithoutSinceStartsWithTheLiveStream() {
    var state = SubscriptionState(holdLimit: 10)
    state.subscribe("lobby")
    #expect(state.frames(for: .live(delivery(9))) == [])
    #expect(state.frames(for: .backlog(room: "lobby", after: nil, messages: [])) == ["lobby#9"])
    #expect(state.frames(for: .live(delivery(10))) == ["lobby#10"])
}

@Test func otherRoomsAndUnsubscribedRoomsAreIgnored() {
    var state = SubscriptionState(holdLimit: 10)
    state.subscribe("lobby")
    _ = state.frames(for: .backlog(room: "lobby", after: nil, messages: []))
    #expect(state.frames(for: .live(delivery(1, room: "other"))) == [])
    #expect(state.frames(for: .direct(room: "other", frame: "x")) == [])
    #expect(state.frames(for: .direct(room: "lobby", frame: "retract")) == ["retract"])
    state.unsubscribe("lobby")
    #expect(state.frames(for: .live(delivery(2))) == [])
}

@Test func tooManyHeldMessagesMeansTheClientIsTooSlow() {
    var state = SubscriptionState(holdLimit: 2)
    state.subscribe("lobby")
    #expect(state.frames(for: .live(delivery(1))) == [])
    #expect(state.frames(for: .live(delivery(2))) == [])
    #expect(state.frames(for: .live(delivery(3))) == nil)
}
