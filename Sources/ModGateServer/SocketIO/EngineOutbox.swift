import NIOCore
import Synchronization

/// What the gateway sends one Engine.IO session, in order. While the session polls, packets wait here for the
/// client's next GET, at most `maxBytes` of them (a sender waits for room beyond that: the session's hub queue
/// then fills, and a client that stopped polling is cut off as too slow or by its heartbeat). Once a WebSocket
/// carries the session, packets go straight to its socket.
final class EngineOutbox: Sendable {
    private typealias Waiter = CheckedContinuation<Void, Never>

    private struct State {
        var packets: [ByteBuffer] = []
        var bytes = 0
        var socket: SocketWriter?
        /// The pending GET.
        var poll: CheckedContinuation<[ByteBuffer]?, Never>?
        /// Senders waiting for room and callers of `drained`, resumed once the packets are taken.
        var waiters: [Waiter] = []
        var closed = false
        /// Nothing more will take the packets: the client is gone.
        var discarded = false
        /// Callers of `closed()`.
        var closeWaiters: [Waiter] = []

        /// Everything queued, in order, with the waiters to resume now that it is taken.
        mutating func take() -> ([ByteBuffer], [Waiter]) {
            defer {
                packets.removeAll(keepingCapacity: true)
                bytes = 0
                waiters.removeAll()
            }
            return (packets, waiters)
        }
    }

    private let state = Mutex(State())
    private let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    /// Queues `packets` (Engine.IO packet text); dropped once the session is closed.
    func send(_ packets: [ByteBuffer]) async throws {
        guard !packets.isEmpty else { return }
        enum Next { case done, socket(SocketWriter), full }
        var handed: (CheckedContinuation<[ByteBuffer]?, Never>, [ByteBuffer], [Waiter])?
        let next = state.withLock { state -> Next in
            guard !state.closed else { return .done }
            if let socket = state.socket {
                _ = socket.enqueue(packets)
                return .socket(socket)
            }
            state.packets += packets
            state.bytes += packets.reduce(0) { $0 + $1.readableBytes }
            if let poll = state.poll {
                state.poll = nil
                let (taken, waiters) = state.take()
                handed = (poll, taken, waiters)
                return .done
            }
            return state.bytes > maxBytes ? .full : .done
        }
        if let (poll, taken, waiters) = handed {
            poll.resume(returning: taken)
            for waiter in waiters { waiter.resume() }
        }
        switch next {
        case .done: return
        case .socket(let socket): try await socket.backpressure()
        case .full: await waitUntilTaken()
        }
    }

    /// The packets for a GET: what is queued, or else the next packets sent (a ping comes every ping interval),
    /// or a noop when an upgrade ends the poll. Nil when another GET is pending already; after the close, what
    /// was queued and the close packet.
    func poll() async -> [ByteBuffer]? {
        await withCheckedContinuation { (poll: CheckedContinuation<[ByteBuffer]?, Never>) in
            enum Ready { case now([ByteBuffer]?, [Waiter]), parked }
            let ready = state.withLock { state -> Ready in
                if state.poll != nil { return .now(nil, []) }
                if !state.packets.isEmpty {
                    let (taken, waiters) = state.take()
                    return .now(taken, waiters)
                }
                if state.closed { return .now([SocketIOFrames.engine(.close)], []) }
                state.poll = poll
                return .parked
            }
            if case .now(let packets, let waiters) = ready {
                poll.resume(returning: packets)
                for waiter in waiters { waiter.resume() }
            }
        }
    }

    /// Whether a GET is pending.
    var isPolling: Bool { state.withLock { $0.poll != nil } }

    /// Ends a pending GET with a noop packet, as an upgrade does so that the client can stop polling.
    func endPoll() {
        let poll = state.withLock { state in
            defer { state.poll = nil }
            return state.poll
        }
        poll?.resume(returning: [SocketIOFrames.engine(.noop)])
    }

    /// From now on packets go to `socket`, those still queued first; a GET still pending ends with a noop.
    func attach(_ socket: SocketWriter) {
        let (poll, waiters) = state.withLock { state in
            state.socket = socket
            let (taken, waiters) = state.take()
            _ = socket.enqueue(taken)
            defer { state.poll = nil }
            return (state.poll, waiters)
        }
        poll?.resume(returning: [SocketIOFrames.engine(.noop)])
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until what was sent so far has left: taken by a GET, or written to the socket.
    func drained() async throws {
        if let socket = state.withLock({ $0.socket }) { return try await socket.drained() }
        await waitUntilTaken()
    }

    /// Sends `last` and the close packet, then takes nothing more: a pending or later GET gets what is queued.
    func close(after last: [ByteBuffer] = []) {
        let resumed = state.withLock { state -> (CheckedContinuation<[ByteBuffer]?, Never>?, [ByteBuffer], [Waiter]) in
            guard !state.closed else { return (nil, [], []) }
            state.closed = true
            let final = last + [SocketIOFrames.engine(.close)]
            var waiters = state.closeWaiters
            state.closeWaiters.removeAll()
            if let socket = state.socket {
                _ = socket.enqueue(final)
                return (nil, [], waiters)
            }
            state.packets += final
            // Senders and drains wait no more: nothing leaves after the close but what a GET takes.
            waiters += state.waiters
            state.waiters.removeAll()
            guard let poll = state.poll else { return (nil, [], waiters) }
            state.poll = nil
            return (poll, state.take().0, waiters)
        }
        resumed.0?.resume(returning: resumed.1)
        for waiter in resumed.2 { waiter.resume() }
    }

    /// Returns once the outbox is closed.
    func closed() async {
        await withCheckedContinuation { (waiter: Waiter) in
            let closed = state.withLock { state in
                if !state.closed { state.closeWaiters.append(waiter) }
                return state.closed
            }
            if closed { waiter.resume() }
        }
    }

    /// Returns once what is queued, the close packet included, has been taken by a GET or written to the socket,
    /// or discarded.
    func delivered() async {
        await withCheckedContinuation { (waiter: Waiter) in
            let wait = state.withLock { state in
                guard state.socket == nil, !state.packets.isEmpty, !state.discarded else { return false }
                state.waiters.append(waiter)
                return true
            }
            if !wait { waiter.resume() }
        }
    }

    /// Drops what is queued, for a client that stopped polling: nothing waits for it any more.
    func discard() {
        let waiters = state.withLock { state in
            state.discarded = true
            return state.take().1
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until a GET has taken what is queued (or a socket took over, or the session closed).
    private func waitUntilTaken() async {
        await withCheckedContinuation { (waiter: Waiter) in
            let wait = state.withLock { state in
                guard !state.closed, state.socket == nil, !state.packets.isEmpty else { return false }
                state.waiters.append(waiter)
                return true
            }
            if !wait { waiter.resume() }
        }
    }
}
