import ModGateServer
import NIOCore
import Testing

/// The frames `state` sends for `event`, as text.
private func texts(_ state: inout SubscriptionState, _ event: ConnectionEvent) -> [String] {
    state.frames(for: event).map { String(buffer: $0) }
}

private func delivery(_ seq: Int64, room: String = "lobby") -> Delivery {
    Delivery(room: room, seq: seq, id: seq + 100, frame: ByteBuffer(string: "\(room)#\(seq)"))
}

@Test func afterAResumeOnlyLaterLiveMessagesGoOut() {
    var state = SubscriptionState()
    // The resume sent 3...5; live 5 and 6 waited in the queue behind it.
    state.follow("lobby", sent: 5)
    #expect(texts(&state, .live(delivery(5))) == [])
    #expect(texts(&state, .live(delivery(6))) == ["lobby#6"])
    #expect(texts(&state, .live(delivery(6))) == [])
    #expect(texts(&state, .live(delivery(7))) == ["lobby#7"])
}

@Test func subscribingWithoutSinceStartsWithTheLiveStream() {
    var state = SubscriptionState()
    #expect(texts(&state, .live(delivery(9))) == [])
    #expect(texts(&state, .control(.subscribe("lobby", resumeAfter: nil))) == [])
    #expect(texts(&state, .live(delivery(10))) == ["lobby#10"])
}

@Test func otherRoomsAndUnsubscribedRoomsAreIgnored() {
    var state = SubscriptionState()
    state.follow("lobby")
    #expect(texts(&state, .live(delivery(1, room: "other"))) == [])
    #expect(texts(&state, .direct(room: "other", frame: ByteBuffer(string: "x"))) == [])
    #expect(texts(&state, .direct(room: "lobby", frame: ByteBuffer(string: "retract"))) == ["retract"])
    #expect(texts(&state, .control(.unsubscribe("lobby"))) == [])
    #expect(texts(&state, .live(delivery(2))) == [])
}

@Test func aLiveMessageAfterAGapNamesTheMissingNumbers() {
    var state = SubscriptionState()
    state.follow("lobby", sent: 5)
    #expect(state.gap(before: delivery(6)) == nil)
    #expect(state.gap(before: delivery(9)) == 6...8)
    #expect(state.gap(before: delivery(4)) == nil)
    // Without a resume, the first live message is the start: nothing before it is missing.
    state.follow("other")
    #expect(state.gap(before: delivery(40, room: "other")) == nil)
    #expect(texts(&state, .live(delivery(40, room: "other"))) == ["other#40"])
    #expect(state.gap(before: delivery(42, room: "other")) == 41...41)
}
