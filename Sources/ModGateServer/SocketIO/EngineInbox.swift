import Synchronization

/// The Socket.IO packets one Engine.IO session received, on their way to its session task: at most `capacity`
/// wait, and a transport that brings more waits for room, so a client's memory on the gateway stays bounded
/// however fast it posts. One consumer.
final class EngineInbox: AsyncSequence, Sendable {
    private struct State {
        var packets: [String] = []
        var consumer: CheckedContinuation<String?, Never>?
        var producers: [CheckedContinuation<Void, Never>] = []
        var finished = false
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Queues `packet`, waiting while the inbox is full; false once it has finished.
    func push(_ packet: String) async -> Bool {
        while true {
            enum Outcome { case handed(CheckedContinuation<String?, Never>), queued, full, finished }
            let outcome = state.withLock { state -> Outcome in
                if state.finished { return .finished }
                if let consumer = state.consumer {
                    state.consumer = nil
                    return .handed(consumer)
                }
                guard state.packets.count < capacity else { return .full }
                state.packets.append(packet)
                return .queued
            }
            switch outcome {
            case .handed(let consumer):
                consumer.resume(returning: packet)
                return true
            case .queued: return true
            case .finished: return false
            case .full:
                await withCheckedContinuation { (producer: CheckedContinuation<Void, Never>) in
                    let wait = state.withLock { state in
                        guard !state.finished, state.packets.count >= capacity else { return false }
                        state.producers.append(producer)
                        return true
                    }
                    if !wait { producer.resume() }
                }
            }
        }
    }

    /// Ends the inbox: the consumer reads what is queued, then the end; producers stop waiting.
    func finish() {
        let (consumer, producers) = state.withLock { state in
            state.finished = true
            defer {
                state.consumer = nil
                state.producers.removeAll()
            }
            return (state.packets.isEmpty ? state.consumer : nil, state.producers)
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.resume() }
    }

    /// The next packet, waiting for one; nil once finished and read.
    func next() async -> String? {
        await withCheckedContinuation { (consumer: CheckedContinuation<String?, Never>) in
            enum Ready { case packet(String, CheckedContinuation<Void, Never>?), end, parked }
            let ready = state.withLock { state -> Ready in
                if !state.packets.isEmpty {
                    let packet = state.packets.removeFirst()
                    return .packet(packet, state.producers.isEmpty ? nil : state.producers.removeFirst())
                }
                if state.finished { return .end }
                state.consumer = consumer
                return .parked
            }
            switch ready {
            case .packet(let packet, let producer):
                consumer.resume(returning: packet)
                producer?.resume()
            case .end: consumer.resume(returning: nil)
            case .parked: break
            }
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: EngineInbox
        mutating func next() async -> String? { await inbox.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inbox: self) }
}
