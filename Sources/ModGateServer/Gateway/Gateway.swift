import Logging
import ModGateChain
import ModGateCore
import ModGateStorage
import NIOCore

/// What the gateway does with a message from an authenticated user: judge it, store it durably, ack it,
/// and (through the writer's commit hook) announce the visible ones on the room bus in commit order.
public final class Gateway: Sendable {
    public let chain: BuiltChain
    public let store: any GatewayStore
    public let writer: any MessageWriter
    public let bus: any RoomBus
    /// Who sees what: every path that shows, hides or retracts a message goes through it.
    public let visibility: Visibility
    public let metrics: GatewayMetrics
    public let limits: Limits
    /// Mutes and bans, checked before the chain runs.
    public let sanctions: SanctionCache
    /// Revoked tokens, checked with every token and closing the connections of those revoked.
    public let revocations: TokenRevocations
    /// The token keys, which sign and verify every token; a retired key's connections close.
    public let tokenKeys: TokenKeyRing
    /// Which refusals are stored and which only counted.
    public let refusals: RefusalLedger
    /// The calls ringing or up, governed like messages.
    public let calls: CallSwitchboard
    /// Seconds since 1970; injected so that tests control time.
    let now: @Sendable () -> Double

    public init(
        chain: BuiltChain, store: any GatewayStore, writer: any MessageWriter, visibility: Visibility, metrics: GatewayMetrics,
        limits: Limits, tokenKeys: TokenKeyRing,
        now: @escaping @Sendable () -> Double, sanctions: SanctionCache? = nil,
        refusals: RefusalAllowance = RefusalAllowance(), calls: CallSettings = CallSettings(), logger: Logger = Logger(label: "modgate")
    ) {
        self.chain = chain
        self.store = store
        self.writer = writer
        self.bus = visibility.bus
        self.visibility = visibility
        self.metrics = metrics
        self.limits = limits
        self.sanctions = sanctions ?? SanctionCache(store: store)
        self.revocations = TokenRevocations(bus: visibility.bus)
        self.tokenKeys = tokenKeys
        self.refusals = RefusalLedger(refusals)
        self.now = now
        self.calls = CallSwitchboard(
            settings: calls, bus: visibility.bus, sanctions: self.sanctions, audit: store, metrics: metrics.calls, logger: logger,
            trunk: store.cluster.map { CallTrunk(channel: $0, logger: logger) }, now: now)
    }

    /// Judges, stores and acks one message from `user`. The ack goes out only once the message is durable;
    /// a store failure throws `StoreError` and nothing is acked, so the client sends again.
    public func send(room: String, text: String, cid: String?, user: String, connection: String?) async throws
        -> ServerFrame.Ack
    {
        try await ack(await submit(room: room, text: text, cid: cid, user: user, connection: connection))
    }

    /// Judges one message and queues it for the next transaction, in call order; `ack` waits for it.
    public func submit(room: String, text: String, cid: String?, user: String, connection: String?) async -> PendingSend {
        let time = now()
        let verdict = await judge(Message(text: text, context: MessageContext(user: user, room: room, connection: connection, time: time)))
        // Past a sender's allowance, refusals are counted instead of stored: they cost the store nothing.
        if let rule = verdict.refusalRule, !refusals.admitsStoring(user, rule: rule, at: time) {
            metrics.countedRefusal()
            return PendingSend(ticket: nil, verdict: verdict, cid: cid, user: user, room: room)
        }
        let ticket = writer.submit(NewMessage(room: room, user: user, text: text, cid: cid, time: time, verdict: verdict))
        return PendingSend(ticket: ticket, verdict: verdict, cid: cid, user: user, room: room)
    }

    /// The ack for a submitted message, once it is durable; the sender sees a shadowed message first.
    /// A refusal counted instead of stored is acked at once, without an `id`.
    public func ack(_ pending: PendingSend) async throws -> ServerFrame.Ack {
        let verdict = pending.verdict
        guard let ticket = pending.ticket else {
            return ServerFrame.Ack(cid: pending.cid, id: nil, status: "rejected", reason: verdict.reason, retryAfter: verdict.retryAfter)
        }
        let stored = try await ticket.value()
        visibility.acked(stored)
        // From the stored message, so that a resend of a `cid` gets the first send's answer.
        return ServerFrame.Ack(
            cid: pending.cid, id: stored.id, status: stored.status.ackStatus,
            reason: stored.action == .allow ? nil : stored.reason,
            retryAfter: stored.status == .rejected ? verdict.retryAfter : nil)
    }

    /// A verdict on `user`'s message without storing anything, for chat backends that keep their own delivery
    /// (POST /v1/check). Unless `record`, a dry run: no stage's state and not the sender's trust moves.
    public func check(room: String, text: String, user: String, record: Bool) async -> Verdict {
        await judge(Message(text: text, context: MessageContext(user: user, room: room, time: now(), dryRun: !record)))
    }

    /// The verdict on `message`: a muted or banned sender's is refused without running the chain.
    private func judge(_ message: Message) async -> Verdict {
        let verdict: Verdict
        if let refusal = await sanctions.refusal(for: message.context.user, at: message.context.time) {
            verdict = refusal
        } else {
            verdict = await chain.chain.moderate(message)
        }
        metrics.judged(verdict.action)
        return verdict
    }

    /// A connection here follows `room`. On a gateway sharing its store, the room sequencer keeps the room's number
    /// from now on (read from the store when it has none), so that messages of other gateways missed while the
    /// cluster channel reconnects are caught up.
    func following(_ room: String) async throws {
        let sequencer = visibility.sequencer
        guard sequencer.reportsGaps, sequencer.published(in: room) == nil else { return }
        sequencer.keep(room, published: try await store.lastSeq(of: room))
    }

    /// The visible messages of `room` after `since`, oldest first, at most `limit` (capped by the page limit).
    public func history(room: String, since: Int64, limit: Int) async throws -> [ServerFrame.Msg] {
        try await store.messages(in: room, after: since, limit: min(max(limit, 1), limits.maxPage)).map(ServerFrame.Msg.init)
    }
}

/// A judged message queued for the store, waiting for its ack.
public struct PendingSend: Sendable {
    /// Nil for a refusal that was counted, not stored.
    let ticket: CommitTicket?
    let verdict: Verdict
    let cid: String?
    let user: String
    let room: String
}

extension ServerFrame.Msg {
    init(_ message: StoredMessage) {
        self.init(room: message.room, seq: message.seq, id: message.id, user: message.user, text: message.text, ts: message.time)
    }
}

extension ServerFrame.Failure {
    /// The answer to a send whose transaction failed: nothing was stored, the client sends it again.
    static func notStored(_ error: StoreError, cid: String?) -> Self {
        Self(code: "not_stored", message: "the message was not stored (\(error.message)); send it again with the same cid", cid: cid)
    }
}

extension MessageStatus {
    /// The `status` of the ack: delivered, held, shadowed or rejected.
    var ackStatus: String { self == .removed ? "delivered" : rawValue }
}
