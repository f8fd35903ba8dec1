import ModGateServer
import NIOCore
import Testing

@testable import ModGateServer

/// The per-connection queue: batches, a hard capacity in events and bytes, and an end that still hands over what was queued.
struct EventQueueTests {
    @Test func whatWaitsIsTakenInOneBatchInOrder() async {
        let queue = EventQueue(capacity: 8, maxBytes: 1 << 20)
        for room in ["a", "b", "c"] { #expect(queue.offer(.control(.subscribe(room, resumeAfter: nil)))) }
        #expect(await queue.nextBatch() == [.control(.subscribe("a", resumeAfter: nil)), .control(.subscribe("b", resumeAfter: nil)), .control(.subscribe("c", resumeAfter: nil))])
    }

    @Test func aFullQueueRefusesTheNextEventButNotGoingAway() async {
        let queue = EventQueue(capacity: 2, maxBytes: 1 << 20)
        #expect(queue.offer(.control(.subscribe("a", resumeAfter: nil))) && queue.offer(.control(.subscribe("b", resumeAfter: nil))))
        #expect(!queue.offer(.control(.subscribe("c", resumeAfter: nil))))
        #expect(queue.offer(.close(.goingAway)))
        #expect(await queue.nextBatch()?.count == 3)
    }

    @Test func theByteBoundRefusesAFrameThatWouldPassItUntilTheQueueIsRead() async {
        let frame = { (seq: Int64) in
            ConnectionEvent.live(Delivery(room: "r", seq: seq, id: seq, frame: ByteBuffer(repeating: 0x61, count: 999)))
        }
        let queue = EventQueue(capacity: 100, maxBytes: 3000)
        #expect(queue.offer(frame(1)) && queue.offer(frame(2)) && queue.offer(frame(3)))
        #expect(!queue.offer(frame(4)))
        #expect(queue.offer(.close(.banned)))
        #expect(await queue.nextBatch()?.count == 4)
        #expect(queue.offer(frame(5)))
    }

    @Test func aFinishedQueueHandsOverWhatWasQueuedThenEnds() async {
        let queue = EventQueue(capacity: 4, maxBytes: 1 << 20)
        _ = queue.offer(.close(.goingAway))
        queue.finish()
        _ = queue.offer(.control(.subscribe("late", resumeAfter: nil)))
        #expect(await queue.nextBatch() == [.close(.goingAway)])
        #expect(await queue.nextBatch() == nil)
    }

    @Test func aConsumerGetsAnEventOfferedWhileItWaitsAndTheEnd() async {
        let queue = EventQueue(capacity: 4, maxBytes: 1 << 20)
        async let first = queue.nextBatch()
        _ = queue.offer(.close(.goingAway))
        #expect(await first == [.close(.goingAway)])
        async let second = queue.nextBatch()
        queue.finish()
        #expect(await second == nil)
    }

    @Test func cancellingTheConsumerEndsItsWait() async {
        let queue = EventQueue(capacity: 4, maxBytes: 1 << 20)
        let consumer = Task { await queue.nextBatch() }
        consumer.cancel()
        #expect(await consumer.value == nil)
    }
}
