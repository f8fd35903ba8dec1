import Logging
import ModGateAuth
import ModGateStorage
import NIOCore
import Prometheus
import Synchronization

/// One client's session, whatever carries it (`/v1/ws`, Socket.IO): reads the client's decoded ops, and pumps
/// the hub's events and the ops' answers out through a ``SessionSink`` in per-room order.
struct ClientSession {
    let gateway: Gateway
    let identity: Identity
    let logger: Logger

    /// How many of one connection's messages may wait for their commit at once; the next send waits for a slot.
    static let maxInFlight = 64
    /// How long a client may take to answer the gateway's close before its socket is closed anyway.
    static let closeGrace = Duration.seconds(5)

    /// Serves the session until the client's ops end or the hub ends it.
    func run<Requests: AsyncSequence & Sendable>(_ requests: Requests, sink: some SessionSink) async throws
    where Requests.Element == ClientRequest {
        let connection = gateway.bus.connect(
            user: identity.user, expires: identity.expires, tokenID: identity.tokenID, issuedAt: identity.issuedAt,
            keyID: identity.keyID)
        gateway.metrics.connections.increment()
        defer {
            gateway.bus.disconnect(connection)
            gateway.metrics.connections.decrement()
        }
        // Checked once connected, so that a ban in between still reaches this connection through the hub.
        if try await gateway.sanctions.sanction(of: identity.user).banned { connection.deliver(.close(.banned)) }
        // Likewise a revocation between the token's check and now (a Socket.IO handshake's token is checked once).
        if gateway.revocations.revokes(identity) { connection.deliver(.close(.tokenRevoked)) }
        // And a retirement of the token's key.
        if gateway.tokenKeys.retired(identity) { connection.deliver(.close(.tokenKeyRetired)) }
        do {
            try await serve(requests, connection: connection, sink: sink)
        } catch {
            await gateway.calls.disconnected(connection)
            throw error
        }
        await gateway.calls.disconnected(connection)
    }

    /// Reads, pumps and acks until the client's ops end or the hub ends the session.
    private func serve<Requests: AsyncSequence & Sendable>(_ requests: Requests, connection: BusConnection, sink: some SessionSink)
        async throws where Requests.Element == ClientRequest
    {
        let sends = InFlightSends<(PendingSend, reply: Int64?)>(limit: Self.maxInFlight)
        let replies = ControlReplies()
        let closing = ClosingSink(sink)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pump(connection, to: closing, replies: replies) }
            group.addTask {
                // Once acks can no longer be written, a reader waiting for an in-flight slot must not wait forever.
                defer { sends.finish() }
                try await acknowledge(sends, to: sink)
            }
            group.addTask {
                try await read(requests, connection: connection, sink: closing, sends: sends, replies: replies)
                gateway.bus.disconnect(connection)
            }
            try await group.next()
            if closing.closed {
                // The gateway closed the session: the client answers the close, and what it sent meanwhile is read
                // and dropped. Cancelling the reader at once would end the socket's input, and a socket closed with
                // the client's frames unread is reset, which can lose the frames sent before the close.
                group.addTask { try await Task.sleep(for: Self.closeGrace) }
                try await group.next()
            }
            group.cancelAll()
        }
    }

    /// Writes acks in the order the messages arrived, each once its transaction is durable.
    private func acknowledge(_ sends: InFlightSends<(PendingSend, reply: Int64?)>, to sink: some SessionSink) async throws {
        for await (pending, reply) in sends.queue {
            let frame: String
            do {
                frame = ServerFrame.encode(try await gateway.ack(pending))
            } catch let error as StoreError {
                // The writer logs the failed transaction once; each of its sends is answered here.
                logger.debug("Message not stored", metadata: ["store.error.code": "\(error.code.rawValue)"])
                frame = ServerFrame.encode(ServerFrame.Failure.notStored(error, cid: pending.cid))
            }
            try await sink.answer(.frame(ByteBuffer(string: frame)), to: reply)
            sends.release()
        }
    }

    /// Sends the hub's events for this connection, in order, and applies its subscribes and unsubscribes.
    ///
    /// Whatever waits is taken at once and sent as one write. A subscribe with `since` sends the room's stored
    /// messages first, page by page as the client takes them; everything queued meanwhile waits behind it, and
    /// the subscribe is answered after them. The pump alone closes the session, after every frame queued
    /// before: a client the hub cut off sees what was queued for it, then the close.
    private func pump(_ connection: BusConnection, to sink: some SessionSink, replies: ControlReplies) async throws {
        var subscriptions = SubscriptionState()
        var frames: [ByteBuffer] = []
        while let events = await connection.events.nextBatch() {
            for event in events {
                switch event {
                case .close(let end):
                    try await sink.send(frames + end.errorFrames)
                    return try await sink.close(.end(end))
                case .control(let change):
                    try await sink.send(frames)
                    frames.removeAll(keepingCapacity: true)
                    guard try await apply(change, connection, &subscriptions, sink: sink) else {
                        return try await sink.close(.resumeFailed)
                    }
                    try await sink.answer(.applied(change), to: replies.next())
                case .live(let delivery):
                    if let gap = subscriptions.gap(before: delivery) {
                        try await sink.send(frames)
                        frames.removeAll(keepingCapacity: true)
                        do {
                            subscriptions.follow(delivery.room, sent: try await resume(delivery.room, after: gap.lowerBound - 1, through: gap.upperBound, to: sink))
                        } catch let error as StoreError {
                            logger.error("Gap not read", metadata: ["room": "\(delivery.room)", "store.error.code": "\(error.code.rawValue)"])
                            return try await sink.close(.resumeFailed)
                        }
                    }
                    frames += subscriptions.frames(for: event)
                case .direct, .signal:
                    frames += subscriptions.frames(for: event)
                }
            }
            try await sink.send(frames)
            frames.removeAll(keepingCapacity: true)
        }
        if connection.overflowed {
            logger.notice("Slow subscriber cut off", metadata: ["user.id": "\(identity.user)"])
            try await sink.close(.tooSlow)
        }
    }

    /// Applies a subscribe (with its resume) or an unsubscribe; false when the room's history could not be read.
    private func apply(
        _ change: SubscriptionChange, _ connection: BusConnection, _ subscriptions: inout SubscriptionState, sink: some SessionSink
    ) async throws -> Bool {
        switch change {
        case .subscribe(let room, let after):
            // Joined before the stored messages are read: a message committed later reaches the queue.
            gateway.bus.subscribe(connection, to: room)
            do {
                try await gateway.following(room)
                guard let after else {
                    subscriptions.follow(room)
                    return true
                }
                // The connection has joined the room: every message numbered after the end reaches its queue.
                let end = try await gateway.store.lastSeq(of: room)
                subscriptions.follow(room, sent: try await resume(room, after: after, through: end, to: sink))
            } catch let error as StoreError {
                logger.error("Resume not read", metadata: ["room": "\(room)", "store.error.code": "\(error.code.rawValue)"])
                return false
            }
        case .unsubscribe(let room):
            gateway.bus.unsubscribe(connection, from: room)
            subscriptions.unfollow(room)
        }
        return true
    }

    /// Sends `room`'s stored messages in `after+1...end`, a page at a time, each once the one before has left:
    /// delivered ones as `msg`, removed ones as `retract` (so that a client offline at a removal learns of it,
    /// and a removal during the resume is never followed by its message). Returns the last number sent.
    private func resume(_ room: String, after: Int64, through end: Int64, to sink: some SessionSink) async throws -> Int64 {
        var cursor = after
        while cursor < end {
            let page = try await gateway.store.resumePage(in: room, after: cursor, through: end, limit: gateway.limits.maxPage)
            guard let last = page.last?.seq else { break }
            try await sink.send(page.map(Visibility.resumeFrame))
            try await sink.drained()
            cursor = last
        }
        return cursor
    }

    /// Handles the client's ops until they end. Subscriptions are checked here and applied by the pump, in
    /// order with everything else it sends.
    private func read<Requests: AsyncSequence>(
        _ requests: Requests, connection: BusConnection, sink: ClosingSink<some SessionSink>,
        sends: InFlightSends<(PendingSend, reply: Int64?)>, replies: ControlReplies
    ) async throws where Requests.Element == ClientRequest {
        defer { sends.finish() }
        var rooms = Set<String>()
        var throttle = SubscribeThrottle(gateway.limits)
        for try await request in requests {
            // After the gateway's close, what the client still sends is dropped.
            if sink.closed { continue }
            do {
                switch try request.op.get() {
                case .send(let room, let body, let cid):
                    await sends.reserve()
                    let pending = await gateway.submit(room: room, text: body, cid: cid, user: identity.user, connection: "\(connection.id)")
                    sends.add((pending, request.reply))
                case .subscribe(let room, let since):
                    try throttle.admit(at: gateway.now())
                    // A room already followed is already complete and live: nothing to read again.
                    guard !rooms.contains(room) else {
                        try await sink.answer(.applied(.subscribe(room, resumeAfter: nil)), to: request.reply)
                        continue
                    }
                    guard rooms.count < gateway.limits.maxSubscriptions else {
                        throw ProtocolError(.tooManySubscriptions, "one connection may follow \(gateway.limits.maxSubscriptions) rooms")
                    }
                    let after = try await resumePoint(of: room, since: since)
                    rooms.insert(room)
                    replies.add(request.reply)
                    connection.deliver(.control(.subscribe(room, resumeAfter: after)))
                case .call(let signal):
                    try await sink.answer(.frame(await gateway.calls.handle(signal, from: connection)), to: request.reply)
                case .unsubscribe(let room):
                    rooms.remove(room)
                    replies.add(request.reply)
                    connection.deliver(.control(.unsubscribe(room)))
                }
            } catch let error as ProtocolError {
                gateway.metrics.refusedFrames.increment()
                let failure = ServerFrame.Failure(
                    code: error.code.rawValue, message: error.message, retryAfter: error.retryAfter, callID: error.callID)
                try await sink.answer(.frame(ByteBuffer(string: ServerFrame.encode(failure))), to: request.reply)
            }
        }
    }

    /// Where a resume of `room` from `since` starts: a `since` beyond the room's end (an old client after a
    /// database reset) counts as the end. A resume longer than ten subscriber buffers is refused.
    private func resumePoint(of room: String, since: Int64?) async throws -> Int64? {
        guard let since else { return nil }
        let end = try await gateway.store.lastSeq(of: room)
        let limit = Int64(gateway.limits.subscriberBuffer) * 10
        guard end - min(since, end) <= limit else {
            throw ProtocolError(
                .badRequest, "more than \(limit) messages since \(since); page with GET /v1/rooms/\(room)/messages first")
        }
        return min(since, end)
    }
}

/// The reply ids of the subscribes and unsubscribes on their way to the pump, in the order the reader queued
/// them: the pump answers each once it has applied it.
private final class ControlReplies: Sendable {
    private let ids = Mutex<[Int64?]>([])

    func add(_ reply: Int64?) { ids.withLock { $0.append(reply) } }

    func next() -> Int64? {
        ids.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
