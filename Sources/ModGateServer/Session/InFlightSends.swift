import Synchronization

/// One connection's messages between submit and ack: in arrival order, at most `limit` at once, so a client
/// that sends without reading its acks is slowed down instead of growing the server's memory.
final class InFlightSends<Element: Sendable>: Sendable {
    /// The submitted messages, in arrival order, for the task that writes the acks.
    let queue: AsyncStream<Element>
    private let continuation: AsyncStream<Element>.Continuation
    private let limit: Int

    private struct Slots {
        var taken = 0
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let slots = Mutex(Slots())

    init(limit: Int) {
        self.limit = limit
        (queue, continuation) = AsyncStream.makeStream()
    }

    /// Takes a slot, waiting while `limit` messages are in flight. One caller at a time (the connection's reader).
    func reserve() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let granted = slots.withLock { slots in
                guard slots.taken < limit || slots.finished else {
                    slots.waiter = waiter
                    return false
                }
                slots.taken += 1
                return true
            }
            if granted { waiter.resume() }
        }
    }

    /// Queues a submitted message for its ack; call after `reserve`.
    func add(_ pending: Element) { continuation.yield(pending) }

    /// Frees the slot of a message whose ack went out, handing it straight to a waiting reader.
    func release() {
        let waiter = slots.withLock { slots in
            guard let waiter = slots.waiter else {
                slots.taken -= 1
                return CheckedContinuation<Void, Never>?.none
            }
            slots.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// No more messages will come: the ack task ends after the last one, and a waiting reader goes on.
    func finish() {
        continuation.finish()
        let waiter = slots.withLock { slots in
            slots.finished = true
            defer { slots.waiter = nil }
            return slots.waiter
        }
        waiter?.resume()
    }
}
