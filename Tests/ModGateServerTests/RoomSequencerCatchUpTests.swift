import Logging
import NIOCore
import Testing

@testable import ModGateServer

/// Gateways sharing a store: a message of this gateway's that overtakes another's waits for the catch-up, which
/// the sequencer asks for, and goes out behind it.
@Suite(.timeLimit(.minutes(1)))
struct RoomSequencerCatchUpTests {
    private static func delivery(_ seq: Int64, room: String = "lobby") -> Delivery {
        Delivery(room: room, seq: seq, id: seq, frame: ByteBuffer(string: "\(room)#\(seq)"))
    }

    private static func received(_ connection: BusConnection, count: Int) async -> [Int64] {
        var seqs: [Int64] = []
        while seqs.count < count, let batch = await connection.events.nextBatch() {
            for case .live(let delivery) in batch { seqs.append(delivery.seq) }
        }
        return seqs
    }

    @Test func anOvertakingMessageWaitsForTheCatchUpItAsksFor() async throws {
        let hub = DeliveryHub(buffer: 64)
        let reader = hub.connect(user: "reader")
        hub.subscribe(reader, to: "lobby")
        let sequencer = RoomSequencer(
            bus: hub, published: ["lobby": 3], forgetAfter: 3600, now: { 0 }, metrics: nil, logger: Logger(label: "test"),
            reportsGaps: true)
        var gaps = sequencer.gaps.makeAsyncIterator()
        // 4...6 were committed by another gateway; this one's 7 arrives first.
        sequencer.publish([Self.delivery(7)])
        #expect(await gaps.next() == "lobby")
        #expect(sequencer.published(in: "lobby") == 3)
        // Read back from the store: 5 was removed meanwhile, so it is not delivered but counts as published.
        sequencer.catchUp(room: "lobby", deliveries: [Self.delivery(4), Self.delivery(6)], through: 6)
        #expect(await Self.received(reader, count: 3) == [4, 6, 7])
        #expect(sequencer.published(in: "lobby") == 7)
        // What was published already is not sent again.
        sequencer.catchUp(room: "lobby", deliveries: [Self.delivery(6), Self.delivery(7)], through: 7)
        sequencer.publish([Self.delivery(7), Self.delivery(8)])
        #expect(await Self.received(reader, count: 1) == [8])
    }

    @Test func aCatchUpOfARoomNobodyHereFollowsLeavesNoTrace() {
        let sequencer = RoomSequencer(
            bus: DeliveryHub(buffer: 4), published: [:], forgetAfter: 3600, now: { 0 }, metrics: nil,
            logger: Logger(label: "test"), reportsGaps: true)
        sequencer.catchUp(room: "elsewhere", deliveries: [], through: 12)
        #expect(sequencer.published(in: "elsewhere") == nil)
        sequencer.catchUp(room: "new", deliveries: [Self.delivery(1, room: "new")], through: 1)
        #expect(sequencer.published(in: "new") == 1)
    }
}
