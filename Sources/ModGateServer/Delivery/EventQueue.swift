import Synchronization

/// One connection's events, in order: at most `capacity` events and `maxBytes` bytes wait, and the consumer
/// takes everything waiting at once, so that a connection that fell behind catches up with one write instead
/// of one per event. Finishing it (an overflow, a disconnect, or the consumer's task being cancelled) lets the
/// consumer read what is queued, then ends it.
public final class EventQueue: Sendable {
    private struct State {
        var events: [ConnectionEvent] = []
        /// The `byteCount` of `events`.
        var bytes = 0
        var waiter: CheckedContinuation<[ConnectionEvent], Never>?
        var finished = false
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let maxBytes: Int

    init(capacity: Int, maxBytes: Int) {
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    /// Queues `event`; false, queueing nothing, when `capacity` events already wait or `event` would pass
    /// `maxBytes`. A finished queue drops it.
    func offer(_ event: ConnectionEvent) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<[ConnectionEvent], Never>?) in
            guard !state.finished else { return (true, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
            // A close always fits, so that shutdown, expiry or a ban closes a backed-up connection with its
            // own code, not 4008.
            let bytes = state.bytes + event.byteCount
            guard (state.events.count < capacity && bytes <= maxBytes) || event.isClose else { return (false, nil) }
            state.events.append(event)
            state.bytes = bytes
            return (true, nil)
        }
        waiter?.resume(returning: [event])
        return accepted
    }

    /// Ends the queue once what is queued has been read.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: [])
    }

    /// Everything queued, oldest first, waiting until there is something; nil once the queue has finished
    /// and been read. One consumer at a time.
    public func nextBatch() async -> [ConnectionEvent]? {
        let batch = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> [ConnectionEvent]? in
                    if !state.events.isEmpty {
                        defer {
                            state.events.removeAll(keepingCapacity: true)
                            state.bytes = 0
                        }
                        return state.events
                    }
                    if state.finished || Task.isCancelled { return [] }
                    precondition(state.waiter == nil, "an event queue has one consumer")
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
        return batch.isEmpty ? nil : batch
    }
}

extension ConnectionEvent {
    var isClose: Bool {
        if case .close = self { true } else { false }
    }
}
