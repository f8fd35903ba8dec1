import ModGateChain
import ModGateCore
import ModGateStore

/// What the gateway does with a message from an authenticated user: judge it, store it durably, ack it,
/// and (through the writer's commit hook) hand the visible ones to the delivery hub in commit order.
public final class Gateway: Sendable {
    public let chain: BuiltChain
    public let store: Store
    public let writer: StoreWriter
    public let hub: DeliveryHub
    public let metrics: GatewayMetrics
    public let limits: Limits
    /// Seconds since 1970; injected so that tests control time.
    let now: @Sendable () -> Double

    public init(
        chain: BuiltChain, store: Store, writer: StoreWriter, hub: DeliveryHub, metrics: GatewayMetrics, limits: Limits,
        now: @escaping @Sendable () -> Double
    ) {
        self.chain = chain
        self.store = store
        self.writer = writer
        self.hub = hub
        self.metrics = metrics
        self.limits = limits
        self.now = now
    }

    /// Judges, stores and acks one message from `user`. The ack goes out only once the message is durable;
    /// a store failure throws and nothing is acked, so the client sends again.
    public func send(room: String, text: String, cid: String?, user: String, connection: String?) async throws
        -> ServerFrame.Ack
    {
        let time = now()
        let message = Message(text: text, context: MessageContext(user: user, room: room, connection: connection, time: time))
        let verdict = await chain.chain.moderate(message)
        metrics.judged(verdict.action)
        let shown = verdict.action == .redact ? verdict.redacting(text) : nil
        let stored = try await writer.commit(
            NewMessage(room: room, user: user, text: text, shownText: shown, cid: cid, time: time, verdict: verdict))
        if stored.status == .shadowed {
            hub.send(toUser: user, room: room, frame: ServerFrame.encode(ServerFrame.Msg(stored)))
        }
        return ServerFrame.Ack(
            cid: cid, id: stored.id, status: stored.status.ackStatus, reason: verdict.action == .allow ? nil : verdict.reason,
            retryAfter: verdict.retryAfter)
    }

    /// A verdict without storing anything, for chat backends that keep their own delivery (POST /v1/check).
    public func check(room: String, text: String, user: String) async -> Verdict {
        let message = Message(text: text, context: MessageContext(user: user, room: room, time: now()))
        let verdict = await chain.chain.moderate(message)
        metrics.judged(verdict.action)
        return verdict
    }

    /// The visible messages of `room` after `since`, oldest first, at most `limit` (capped by the page limit).
    public func history(room: String, since: Int64, limit: Int) async throws -> [ServerFrame.Msg] {
        try await store.messages(in: room, after: since, limit: min(max(limit, 1), limits.maxPage)).map(ServerFrame.Msg.init)
    }

    /// The deliveries for messages a transaction just made visible, for the writer's commit hook.
    static func deliveries(_ committed: [StoredMessage]) -> [Delivery] {
        committed.compactMap { message in
            guard message.status == .delivered, let seq = message.seq else { return nil }
            return Delivery(room: message.room, seq: seq, id: message.id, frame: ServerFrame.encode(ServerFrame.Msg(message)))
        }
    }
}

extension ServerFrame.Msg {
    init(_ message: StoredMessage) {
        self.init(room: message.room, seq: message.seq, id: message.id, user: message.user, text: message.text, ts: message.time)
    }
}

extension MessageStatus {
    /// The `status` of the ack: delivered, held, shadowed or rejected.
    var ackStatus: String { self == .removed ? "delivered" : rawValue }
}
