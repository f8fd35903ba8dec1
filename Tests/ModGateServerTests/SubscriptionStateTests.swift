import ModGateServer
import NIOCore
import Testing

/// The frames `state` sends for `event`, as text; nil when the client is too slow.
private func texts(_ state: inout SubscriptionState, _ event: ConnectionEvent) -> [String]? {
    state.frames(for: event)?.map { String(buffer: $0) }
}

private func delivery(_ seq: Int64, room: String = "lobby") -> Delivery {
    Delivery(room: room, seq: seq, id: seq + 100, frame: ByteBuffer(string: "\(room)#\(seq)"))
}

@Test func resumeSendsStoredThenHeldLiveWithoutGapOrDuplicate() throws {
    var state = SubscriptionState(holdLimit: 10)
    state.subscribe("lobby")
    // Live messages 5 and 6 arrive while the stored ones (3...5) are read.
    #expect(texts(&state, .live(delivery(5))) == [])
    #expect(texts(&state, .live(delivery(6))) == [])
    let resumed = texts(&state, .backlog(room: "lobby", after: 2, messages: [delivery(3), delivery(4), delivery(5)]))
    #expect(resumed == ["lobby#3", "lobby#4", "lobby#5", "lobby#6"])
    #expect(texts(&state, .live(delivery(6))) == [])
    #expect(texts(&state, .live(delivery(7))) == ["lobby#7"])
}

@Test func subscribingWithoutSinceStartsWithTheLiveStream() {
    var state = SubscriptionState(holdLimit: 10)
    state.subscribe("lobby")
    #expect(texts(&state, .live(delivery(9))) == [])
    #expect(texts(&state, .backlog(room: "lobby", after: nil, messages: [])) == ["lobby#9"])
    #expect(texts(&state, .live(delivery(10))) == ["lobby#10"])
}

@Test func otherRoomsAndUnsubscribedRoomsAreIgnored() {
    var state = SubscriptionState(holdLimit: 10)
    state.subscribe("lobby")
    _ = texts(&state, .backlog(room: "lobby", after: nil, messages: []))
    #expect(texts(&state, .live(delivery(1, room: "other"))) == [])
    #expect(texts(&state, .direct(room: "other", frame: ByteBuffer(string: "x"))) == [])
    #expect(texts(&state, .direct(room: "lobby", frame: ByteBuffer(string: "retract"))) == ["retract"])
    state.unsubscribe("lobby")
    #expect(texts(&state, .live(delivery(2))) == [])
}

@Test func tooManyHeldMessagesMeansTheClientIsTooSlow() {
    var state = SubscriptionState(holdLimit: 2)
    state.subscribe("lobby")
    #expect(texts(&state, .live(delivery(1))) == [])
    #expect(texts(&state, .live(delivery(2))) == [])
    #expect(texts(&state, .live(delivery(3))) == nil)
}
