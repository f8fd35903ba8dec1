import ModGateServer
import NIOCore
import Testing

private func delivery(_ seq: Int64, room: String = "lobby") -> Delivery {
    Delivery(room: room, seq: seq, id: seq, frame: ByteBuffer(string: "\(room)#\(seq)"))
}

/// The next `count` events of a connection, waiting for them (or fewer, if its queue ends first).
private func drain(_ connection: BusConnection, count: Int) async -> [ConnectionEvent] {
    var events: [ConnectionEvent] = []
    while events.count < count, let batch = await connection.events.nextBatch() { events += batch }
    return events
}

/// How many events a connection gets until its queue ends.
private func countUntilTheEnd(_ connection: BusConnection) async -> Int {
    var received = 0
    while let batch = await connection.events.nextBatch() { received += batch.count }
    return received
}

@Test func publishReachesEverySubscriberOfTheRoomInOrder() async {
    let hub = DeliveryHub(buffer: 16)
    let first = hub.connect(user: "a")
    let second = hub.connect(user: "b")
    let elsewhere = hub.connect(user: "c")
    hub.subscribe(first, to: "lobby")
    hub.subscribe(second, to: "lobby")
    hub.subscribe(elsewhere, to: "other")
    hub.publish([delivery(1), delivery(2), delivery(1, room: "other")])
    #expect(await drain(first, count: 2) == [.live(delivery(1)), .live(delivery(2))])
    #expect(await drain(second, count: 2) == [.live(delivery(1)), .live(delivery(2))])
    #expect(await drain(elsewhere, count: 1) == [.live(delivery(1, room: "other"))])
}

@Test func aSlowConnectionIsCutOffInsteadOfSlowingTheRoom() async {
    let hub = DeliveryHub(buffer: 2)
    let slow = hub.connect(user: "slow")
    let fast = hub.connect(user: "fast")
    hub.subscribe(slow, to: "lobby")
    hub.subscribe(fast, to: "lobby")
    hub.publish([delivery(1), delivery(2)])
    #expect(await drain(fast, count: 2).count == 2)
    hub.publish([delivery(3)])
    #expect(slow.overflowed)
    #expect(!fast.overflowed)
    #expect(await drain(fast, count: 1) == [.live(delivery(3))])
    let received = await countUntilTheEnd(slow)
    #expect(received == 2)
}

@Test func shadowedFramesReachOnlyTheirSender() async {
    let hub = DeliveryHub(buffer: 4)
    let sender = hub.connect(user: "sender")
    let other = hub.connect(user: "other")
    hub.subscribe(sender, to: "lobby")
    hub.subscribe(other, to: "lobby")
    hub.send(toUser: "sender", room: "lobby", frame: "shadowed")
    hub.publish([delivery(1)])
    #expect(await drain(sender, count: 2) == [.direct(room: "lobby", frame: ByteBuffer(string: "shadowed")), .live(delivery(1))])
    #expect(await drain(other, count: 1) == [.live(delivery(1))])
}

@Test func disconnectEndsTheStreamAndLeavesEveryRoom() async {
    let hub = DeliveryHub(buffer: 4)
    let connection = hub.connect(user: "a")
    hub.subscribe(connection, to: "lobby")
    hub.disconnect(connection)
    hub.publish([delivery(1)])
    let received = await countUntilTheEnd(connection)
    #expect(received == 0)
    #expect(hub.connectionCount == 0)
}
