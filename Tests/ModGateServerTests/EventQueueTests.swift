import ModGateServer
import Testing

@testable import ModGateServer

/// The per-connection queue: batches, a hard capacity, and an end that still hands over what was queued.
struct EventQueueTests {
    @Test func whatWaitsIsTakenInOneBatchInOrder() async {
        let queue = EventQueue(capacity: 8)
        for room in ["a", "b", "c"] { #expect(queue.offer(.control(.subscribe(room)))) }
        #expect(await queue.nextBatch() == [.control(.subscribe("a")), .control(.subscribe("b")), .control(.subscribe("c"))])
    }

    @Test func aFullQueueRefusesTheNextEventButNotGoingAway() async {
        let queue = EventQueue(capacity: 2)
        #expect(queue.offer(.control(.subscribe("a"))) && queue.offer(.control(.subscribe("b"))))
        #expect(!queue.offer(.control(.subscribe("c"))))
        #expect(queue.offer(.close(.goingAway)))
        #expect(await queue.nextBatch()?.count == 3)
    }

    @Test func aFinishedQueueHandsOverWhatWasQueuedThenEnds() async {
        let queue = EventQueue(capacity: 4)
        _ = queue.offer(.close(.goingAway))
        queue.finish()
        _ = queue.offer(.control(.subscribe("late")))
        #expect(await queue.nextBatch() == [.close(.goingAway)])
        #expect(await queue.nextBatch() == nil)
    }

    @Test func aConsumerGetsAnEventOfferedWhileItWaitsAndTheEnd() async {
        let queue = EventQueue(capacity: 4)
        async let first = queue.nextBatch()
        _ = queue.offer(.close(.goingAway))
        #expect(await first == [.close(.goingAway)])
        async let second = queue.nextBatch()
        queue.finish()
        #expect(await second == nil)
    }

    @Test func cancellingTheConsumerEndsItsWait() async {
        let queue = EventQueue(capacity: 4)
        let consumer = Task { await queue.nextBatch() }
        consumer.cancel()
        #expect(await consumer.value == nil)
    }
}
