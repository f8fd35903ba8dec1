import HummingbirdWebSocket
import Logging
import ModGateAuth
import ModGateStorage
import NIOCore
import NIOWebSocket
import Prometheus

/// One WebSocket connection: reads client frames, and pumps the hub's events out in per-room order.
struct WebSocketSession {
    let gateway: Gateway
    let identity: Identity
    let logger: Logger

    /// Close codes the gateway uses besides the standard ones (1001 going away, 1009 too big, 1007 bad UTF-8).
    enum CloseCode {
        /// The client did not keep up with its rooms; it reconnects and resumes with `since`.
        static let tooSlow = WebSocketErrorCode(codeNumber: 4008)
        /// The token expired; the client gets a new one, reconnects and resumes with `since`.
        static let tokenExpired = WebSocketErrorCode(codeNumber: 4401)
        /// The user is banned: at the ban, and at once on every later connection.
        static let banned = WebSocketErrorCode(codeNumber: 4403)
    }

    /// Serves the connection: frames go out through `socket`; `outbound` is used only to close.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, socket: SocketWriter) async throws {
        let connection = gateway.bus.connect(user: identity.user, expires: identity.expires)
        gateway.metrics.connections.increment()
        defer {
            gateway.bus.disconnect(connection)
            gateway.metrics.connections.decrement()
        }
        // Whatever ends the session, what was queued goes out before the WebSocket handler's own close frame.
        defer { socket.close() }
        // Checked once connected, so that a ban in between still reaches this connection through the hub.
        if try await gateway.sanctions.sanction(of: identity.user).banned { connection.deliver(.close(.banned)) }
        let sends = InFlightSends(limit: Self.maxInFlight)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pump(connection, to: socket, closing: outbound) }
            group.addTask {
                // Once acks can no longer be written, a reader waiting for an in-flight slot must not wait forever.
                defer { sends.finish() }
                try await acknowledge(sends, to: socket)
            }
            group.addTask {
                try await read(inbound, connection: connection, socket: socket, sends: sends)
                gateway.bus.disconnect(connection)
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// How many of one connection's messages may wait for their commit at once; the next send waits for a slot.
    static let maxInFlight = 64

    /// Writes acks in the order the messages arrived, each once its transaction is durable.
    private func acknowledge(_ sends: InFlightSends, to socket: SocketWriter) async throws {
        for await pending in sends.queue {
            do {
                try await socket.send(ByteBuffer(string: ServerFrame.encode(try await gateway.ack(pending))))
            } catch let error as StoreError {
                // The writer logs the failed transaction once; each of its sends is answered here.
                logger.debug("Message not stored", metadata: ["store.error.code": "\(error.code.rawValue)"])
                try await socket.send(ByteBuffer(string: ServerFrame.encode(ServerFrame.Failure.notStored(error, cid: pending.cid))))
            }
            sends.release()
        }
    }

    /// Sends the hub's events for this connection, in order, and applies its subscribes and unsubscribes.
    ///
    /// Whatever waits is taken at once and sent as one write. A subscribe with `since` sends the room's stored
    /// messages first, page by page as the socket drains; everything queued meanwhile waits behind it. The pump
    /// alone closes the socket, after every frame queued before: a client the hub cut off sees what was queued
    /// for it, then 4008. A socket that never drains is dropped after `Limits.writeStall`.
    private func pump(_ connection: BusConnection, to socket: SocketWriter, closing outbound: WebSocketOutboundWriter)
        async throws
    {
        var subscriptions = SubscriptionState()
        var frames: [ByteBuffer] = []
        while let events = await connection.events.nextBatch() {
            for event in events {
                switch event {
                case .close(let end):
                    try await socket.send(frames + end.errorFrames)
                    return try await close(socket, outbound, end.closeCode, reason: end.reason)
                case .control(.subscribe(let room, let after)):
                    // Joined before the stored messages are read: a message committed later reaches the queue.
                    gateway.bus.subscribe(connection, to: room)
                    do {
                        try await gateway.following(room)
                    } catch let error as StoreError {
                        logger.error("Room number not read", metadata: ["room": "\(room)", "store.error.code": "\(error.code.rawValue)"])
                        return try await close(socket, outbound, .unexpectedServerError, reason: Self.resumeFailed)
                    }
                    guard let after else {
                        subscriptions.follow(room)
                        continue
                    }
                    try await socket.send(frames)
                    frames.removeAll(keepingCapacity: true)
                    do {
                        // The connection has joined the room: every message numbered after the end reaches its queue.
                        let end = try await gateway.store.lastSeq(of: room)
                        subscriptions.follow(room, sent: try await resume(room, after: after, through: end, to: socket))
                    } catch let error as StoreError {
                        logger.error("Resume not read", metadata: ["room": "\(room)", "store.error.code": "\(error.code.rawValue)"])
                        return try await close(socket, outbound, .unexpectedServerError, reason: Self.resumeFailed)
                    }
                case .control(.unsubscribe(let room)):
                    gateway.bus.unsubscribe(connection, from: room)
                    subscriptions.unfollow(room)
                case .live(let delivery):
                    if let gap = subscriptions.gap(before: delivery) {
                        try await socket.send(frames)
                        frames.removeAll(keepingCapacity: true)
                        do {
                            subscriptions.follow(delivery.room, sent: try await resume(delivery.room, after: gap.lowerBound - 1, through: gap.upperBound, to: socket))
                        } catch let error as StoreError {
                            logger.error("Gap not read", metadata: ["room": "\(delivery.room)", "store.error.code": "\(error.code.rawValue)"])
                            return try await close(socket, outbound, .unexpectedServerError, reason: Self.resumeFailed)
                        }
                    }
                    frames += subscriptions.frames(for: event)
                case .direct:
                    frames += subscriptions.frames(for: event)
                }
            }
            try await socket.send(frames)
            frames.removeAll(keepingCapacity: true)
        }
        if connection.overflowed {
            logger.notice("Slow subscriber cut off", metadata: ["user.id": "\(identity.user)"])
            try await close(socket, outbound, CloseCode.tooSlow, reason: Self.tooSlow)
        }
    }

    /// Sends `room`'s stored messages in `after+1...end`, a page at a time, each once the one before has reached
    /// the socket: delivered ones as `msg`, removed ones as `retract` (so that a client offline at a removal learns
    /// of it, and a removal during the resume is never followed by its message). Returns the last number sent.
    private func resume(_ room: String, after: Int64, through end: Int64, to socket: SocketWriter) async throws -> Int64 {
        var cursor = after
        while cursor < end {
            let page = try await gateway.store.resumePage(in: room, after: cursor, through: end, limit: gateway.limits.maxPage)
            guard let last = page.last?.seq else { break }
            try await socket.send(page.map(Visibility.resumeFrame))
            try await socket.drained()
            cursor = last
        }
        return cursor
    }

    private static let resumeFailed = "the room's history could not be read: reconnect and resume with since"
    private static let tooSlow = "too slow: reconnect and resume with since"

    /// Sends the close frame after every frame queued so far; nothing is sent after it.
    private func close(_ socket: SocketWriter, _ outbound: WebSocketOutboundWriter, _ code: WebSocketErrorCode, reason: String)
        async throws
    {
        socket.close()
        try await outbound.close(code, reason: reason)
    }

    /// Handles the client's frames until it closes. Subscriptions are checked here and applied by the pump, in
    /// order with everything else it sends.
    private func read(
        _ inbound: WebSocketInboundStream, connection: BusConnection, socket: SocketWriter, sends: InFlightSends
    ) async throws {
        defer { sends.finish() }
        var rooms = Set<String>()
        var throttle = SubscribeThrottle(gateway.limits)
        var messages = inbound.messages(maxSize: gateway.limits.maxFrameBytes).makeAsyncIterator()
        while let message = try await messages.next() {
            guard case .text(let text) = message else {
                try await fail(ProtocolError(.malformed, "send JSON text frames, not binary ones"), socket)
                continue
            }
            do {
                switch try ClientFrame.decode(text, limits: gateway.limits) {
                case .send(let room, let body, let cid):
                    await sends.reserve()
                    sends.add(await gateway.submit(room: room, text: body, cid: cid, user: identity.user, connection: "\(connection.id)"))
                case .subscribe(let room, let since):
                    try throttle.admit(at: gateway.now())
                    // A room already followed is already complete and live: nothing to read again.
                    guard !rooms.contains(room) else { continue }
                    guard rooms.count < gateway.limits.maxSubscriptions else {
                        throw ProtocolError(.tooManySubscriptions, "one connection may follow \(gateway.limits.maxSubscriptions) rooms")
                    }
                    let after = try await resumePoint(of: room, since: since)
                    rooms.insert(room)
                    connection.deliver(.control(.subscribe(room, resumeAfter: after)))
                case .unsubscribe(let room):
                    rooms.remove(room)
                    connection.deliver(.control(.unsubscribe(room)))
                }
            } catch let error as ProtocolError {
                try await fail(error, socket)
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

    private func fail(_ error: ProtocolError, _ socket: SocketWriter) async throws {
        gateway.metrics.refusedFrames.increment()
        let failure = ServerFrame.Failure(code: error.code.rawValue, message: error.message, retryAfter: error.retryAfter)
        try await socket.send(ByteBuffer(string: ServerFrame.encode(failure)))
    }
}

extension SessionEnd {
    var closeCode: WebSocketErrorCode {
        switch self {
        case .goingAway: .goingAway
        case .tokenExpired: WebSocketSession.CloseCode.tokenExpired
        case .banned: WebSocketSession.CloseCode.banned
        }
    }

    var reason: String {
        switch self {
        case .goingAway: "the gateway is shutting down"
        case .tokenExpired: "token expired: get a new token and resume with since"
        case .banned: "you are banned from this chat"
        }
    }

    /// The `error` frame sent before the close, with a code a client program can match on.
    var errorFrames: [ByteBuffer] {
        switch self {
        case .goingAway: []
        case .tokenExpired: [Self.frame(code: "token_expired", message: reason)]
        case .banned: [Self.frame(code: "user_banned", message: reason)]
        }
    }

    private static func frame(code: String, message: String) -> ByteBuffer {
        ByteBuffer(string: ServerFrame.encode(ServerFrame.Failure(code: code, message: message)))
    }
}
