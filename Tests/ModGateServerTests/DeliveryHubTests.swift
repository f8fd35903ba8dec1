import ModGateServer
import NIOCore
import Testing

private func delivery(_ seq: Int64, room: String = "lobby") -> Delivery {
    Delivery(room: room, seq: seq, id: seq, frame: ByteBuffer(string: "\(room)#\(seq)"))
}

/// The events a connection has received so far, without waiting for more.
private func drain(_ connection: DeliveryHub.Connection, count: Int) async -> [ConnectionEvent] {
    var events: [ConnectionEvent] = []
    for await event in connection.events {
        events.append(event)
        if events.count == count { break }
    }
    return events
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
    var received = 0
    for await _ in slow.events { received += 1 }
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
    var received = 0
    for await _ in connection.events { received += 1 }
    #expect(received == 0)
    #expect(hub.connectionCount == 0)
}
