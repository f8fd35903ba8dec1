import HummingbirdWebSocket
import Logging
import ModGateAuth
import ModGateStore
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
        let connection = gateway.hub.connect(user: identity.user, expires: identity.expires)
        gateway.metrics.connections.increment()
        defer {
            gateway.hub.disconnect(connection)
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
                gateway.hub.disconnect(connection)
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

    /// Sends the hub's events for this connection, holding a resumed room's live messages until its backlog is out.
    ///
    /// Whatever waits is taken at once and sent as one write. The pump alone closes the socket, after every
    /// frame queued before: a client the hub cut off sees what was queued for it, then 4008. A socket that
    /// never drains is dropped after `Limits.writeStall`.
    private func pump(_ connection: DeliveryHub.Connection, to socket: SocketWriter, closing outbound: WebSocketOutboundWriter)
        async throws
    {
        var subscriptions = SubscriptionState(holdLimit: gateway.limits.subscriberBuffer)
        var frames: [ByteBuffer] = []
        while let events = await connection.events.nextBatch() {
            for event in events {
                if case .close(let end) = event {
                    try await socket.send(frames + end.errorFrames)
                    return try await close(socket, outbound, end.closeCode, reason: end.reason)
                }
                guard let eventFrames = subscriptions.frames(for: event) else {
                    try await socket.send(frames)
                    return try await close(socket, outbound, CloseCode.tooSlow, reason: Self.tooSlow)
                }
                frames += eventFrames
            }
            try await socket.send(frames)
            frames.removeAll(keepingCapacity: true)
        }
        if connection.overflowed {
            logger.notice("Slow subscriber cut off", metadata: ["user.id": "\(identity.user)"])
            try await close(socket, outbound, CloseCode.tooSlow, reason: Self.tooSlow)
        }
    }

    private static let tooSlow = "too slow: reconnect and resume with since"

    /// Sends the close frame after every frame queued so far; nothing is sent after it.
    private func close(_ socket: SocketWriter, _ outbound: WebSocketOutboundWriter, _ code: WebSocketErrorCode, reason: String)
        async throws
    {
        socket.close()
        try await outbound.close(code, reason: reason)
    }

    /// Handles the client's frames until it closes.
    private func read(
        _ inbound: WebSocketInboundStream, connection: DeliveryHub.Connection, socket: SocketWriter, sends: InFlightSends
    ) async throws {
        defer { sends.finish() }
        var rooms = Set<String>()
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
                    guard rooms.count < gateway.limits.maxSubscriptions || rooms.contains(room) else {
                        throw ProtocolError(.tooManySubscriptions, "one connection may follow \(gateway.limits.maxSubscriptions) rooms")
                    }
                    rooms.insert(room)
                    do {
                        try await subscribe(connection, to: room, since: since)
                    } catch {
                        rooms.remove(room)
                        throw error
                    }
                case .unsubscribe(let room):
                    rooms.remove(room)
                    gateway.hub.unsubscribe(connection, from: room)
                    connection.deliver(.control(.unsubscribe(room)))
                }
            } catch let error as ProtocolError {
                try await fail(error, socket)
            }
        }
    }

    /// Subscribes first, so no live message is missed, then queues the stored messages after `since`;
    /// the pump sends them before the live ones that arrived meanwhile.
    private func subscribe(_ connection: DeliveryHub.Connection, to room: String, since: Int64?) async throws {
        // A `since` beyond the room's end (an old client after a database reset) counts as the end. It is read
        // before joining: a message committed in between is then in the stored read below.
        var after: Int64?
        if let since { after = min(since, try await gateway.store.lastSeq(of: room)) }
        connection.deliver(.control(.subscribe(room)))
        gateway.hub.subscribe(connection, to: room)
        guard let since, let after else {
            connection.deliver(.backlog(room: room, after: nil, messages: []))
            return
        }
        var backlog: [Delivery] = []
        var cursor = after
        while true {
            let page = try await gateway.store.messages(in: room, after: cursor, limit: gateway.limits.maxPage)
            backlog += Gateway.deliveries(page)
            guard page.count == gateway.limits.maxPage, let last = page.last?.seq else { break }
            guard backlog.count < gateway.limits.subscriberBuffer * 10 else {
                gateway.hub.unsubscribe(connection, from: room)
                connection.deliver(.control(.unsubscribe(room)))
                throw ProtocolError(
                    .badRequest, "more than \(backlog.count) messages since \(since); page with GET /v1/rooms/\(room)/messages first")
            }
            cursor = last
        }
        connection.deliver(.backlog(room: room, after: after, messages: backlog))
    }

    private func fail(_ error: ProtocolError, _ socket: SocketWriter) async throws {
        gateway.metrics.refusedFrames.increment()
        try await socket.send(ByteBuffer(string: ServerFrame.encode(ServerFrame.Failure(code: error.code.rawValue, message: error.message))))
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
