import Logging
import ModGateChain
import ModGateCore
import ModGateStorage
import NIOCore
import Prometheus
import Synchronization

/// The calls ringing or up on this gateway: who may call whom, which connection hears which frame, and how each
/// call ends, whoever ends it (a party, a timeout, a ban or mute, a moderator, a closed connection), each step
/// audited. Media never passes here; only the signalling does (docs/calls.md).
public final class CallSwitchboard: Sendable {
    let bus: any RoomBus
    let sanctions: SanctionCache
    private let audit: any AuditTrail
    let metrics: CallMetrics
    private let logger: Logger
    let now: @Sendable () -> Double
    let settings: CallSettings
    /// The other gateways sharing the store, whose users a call reaches through it; nil on a gateway alone.
    let trunk: CallTrunk?
    let state: Mutex<CallBook>

    init(
        settings: CallSettings, bus: any RoomBus, sanctions: SanctionCache, audit: any AuditTrail, metrics: CallMetrics,
        logger: Logger, trunk: CallTrunk?, now: @escaping @Sendable () -> Double
    ) {
        self.settings = settings
        self.trunk = trunk
        self.bus = bus
        self.sanctions = sanctions
        self.audit = audit
        self.metrics = metrics
        self.logger = logger
        self.now = now
        state = Mutex(CallBook(settings: settings))
    }

    /// Carries out a client's call frame from `connection` and returns the answer: an ack or an error frame.
    func handle(_ signal: CallSignal, from connection: BusConnection) async -> ByteBuffer {
        do {
            guard settings.enabled else { throw CallRefusal("calls_disabled", "calls are turned off on this gateway") }
            switch signal.kind {
            case .invite: try await invite(signal, from: connection)
            case .answer: try await answer(signal, from: connection)
            case .candidates: try await relayCandidates(signal, from: connection)
            case .hangup, .reject: try await hangUp(signal, from: connection)
            }
            return ByteBuffer(string: ServerFrame.encode(ServerFrame.CallAck(type: signal.kind.rawValue, callID: signal.callID)))
        } catch let refusal as CallRefusal {
            if signal.kind == .invite { metrics.refused(refusal.code) }
            let failure = ServerFrame.Failure(
                code: refusal.code, message: refusal.message, retryAfter: refusal.retryAfter, callID: signal.callID)
            return ByteBuffer(string: ServerFrame.encode(failure))
        } catch {
            logger.error("Call frame failed", metadata: ["call.id": "\(signal.callID)", "error": "\(String(reflecting: error))"])
            let failure = ServerFrame.Failure(code: "internal", message: "the gateway could not carry this out; try again", callID: signal.callID)
            return ByteBuffer(string: ServerFrame.encode(failure))
        }
    }

    /// The calls ringing or connected, oldest first.
    public var live: [LiveCall] {
        state.withLock { $0.calls.values.map(LiveCall.init).sorted { ($0.invited, $0.id) < ($1.invited, $1.id) } }
    }

    /// Ends `user`'s calls: they were banned or muted (`reason`). Both parties hear a hangup with `reason`.
    public func end(callsOf user: String, reason: String, by actor: String) async {
        let ended = state.withLock { $0.removeAll { $0.caller == user || $0.callee == user } }
        await end(ended, reason: reason, outcome: reason, by: actor)
    }

    /// Ends call `id` for a moderator; false when no such call is up.
    public func end(call id: String, by moderator: String, reason: String) async -> Bool {
        let ended = state.withLock { $0.removeAll { $0.id == id } }
        await end(ended, reason: "ended_by_moderator", outcome: "ended_by_moderator", by: moderator, note: reason)
        return !ended.isEmpty
    }

    /// Ends the invites nobody answered within their lifetime.
    func expire(at time: Double) async {
        let expired = state.withLock { $0.removeAll { $0.answered == nil && $0.expires <= time } }
        await end(expired, reason: "invite_timeout", outcome: "invite_timeout", by: "modgate")
        await end(unreached(at: time), reason: "callee_unavailable", outcome: "callee_unavailable", by: "modgate")
    }

    /// `connection` closed: its calls end (the other party hears `user_disconnected`), and a ringing call stops
    /// ringing there.
    func disconnected(_ connection: BusConnection) async {
        let ended = state.withLock { $0.drop(connection) }
        await end(ended, reason: "user_disconnected", outcome: "user_disconnected", by: connection.user)
    }

    // MARK: - The client's frames

    private func invite(_ signal: CallSignal, from connection: BusConnection) async throws {
        let (caller, time) = (connection.user, now())
        guard let room = signal.room, let callee = signal.to else { throw CallRefusal("bad_request", "'invite' needs 'room' and 'to'") }
        try await checkSanction(of: caller, at: time)
        guard callee != caller else { throw CallRefusal("bad_request", "you cannot call yourself") }
        let longest = Int(settings.maxLifetime * 1000)
        var invite = signal
        invite.lifetime = signal.lifetime ?? min(CallSignal.Bounds.defaultLifetime, longest)
        guard let lifetime = invite.lifetime, lifetime <= longest else {
            throw CallRefusal("bad_request", "'lifetime' is at most \(longest) ms on this gateway")
        }
        guard bus.connections(of: caller, following: room).contains(where: { $0 === connection }) else {
            throw CallRefusal("not_subscribed", "subscribe to \(room) before calling someone in it")
        }
        guard await mayTakeCalls(callee, at: time) else {
            throw CallRefusal("callee_unavailable", "\(callee) cannot take calls right now")
        }
        let ringing = bus.connections(of: callee, following: room)
        guard !ringing.isEmpty || trunk != nil else {
            throw CallRefusal("callee_unavailable", "\(callee) is not in \(room) right now; call when they are")
        }
        var call = Call(
            id: signal.callID, room: room, caller: caller, callee: callee, callerConnection: connection, callerNode: nil,
            calleeConnections: ringing, invited: time, expires: time + Double(lifetime) / 1000)
        call.calleeElsewhere = ringing.isEmpty
        try state.withLock { book throws(CallRefusal) in try book.open(call, at: time) }
        metrics.live.increment()
        do {
            try await audit.appendAudit(
                AuditRecord(
                    time: time, actor: caller, action: "call.invite", subject: call.subject,
                    details: ["room": room, "caller": caller, "callee": callee]))
        } catch {
            _ = state.withLock { $0.removeAll { $0.id == call.id } }
            metrics.live.decrement()
            throw CallRefusal("not_stored", "the call could not be audited, so it was not placed; try again")
        }
        let frame = CallFrames.relayed(invite, from: caller)
        if let trunk, call.calleeElsewhere {
            await trunk.send(CallNotice(.invite, callID: call.id, to: nil, user: caller, callee: callee, room: room, text: frame))
        } else {
            send(frame, ifUp: call.id, to: ringing)
        }
    }

    /// Whether `user` is neither banned nor muted (a store that cannot be read does not stop a call).
    func mayTakeCalls(_ user: String, at time: Double) async -> Bool {
        (try? await sanctions.sanction(of: user))?.forbidsPosting(at: time) != true
    }

    private func answer(_ signal: CallSignal, from connection: BusConnection) async throws {
        let time = now()
        try await checkSanction(of: connection.user, at: time)
        let (call, others) = try state.withLock { book throws(CallRefusal) in try book.answer(signal.callID, on: connection, at: time) }
        do {
            try await audit.appendAudit(
                AuditRecord(
                    time: time, actor: connection.user, action: "call.answer", subject: call.subject,
                    details: ["room": call.room, "caller": call.caller, "callee": call.callee]))
        } catch {
            let ended = state.withLock { $0.removeAll { $0.id == call.id } }
            await end(ended, reason: "not_audited", outcome: "not_audited", by: "modgate")
            throw CallRefusal("not_stored", "the answer could not be audited, so the call ended; call again")
        }
        await relayFromCallee(signal, from: connection, in: call, stopRinging: others, ifUp: true)
    }

    /// Relays the callee's frame to the caller; the callee's `others` connections stop ringing, told by the gateway
    /// (not by their own user).
    private func relayFromCallee(
        _ signal: CallSignal, from connection: BusConnection, in call: Call, stopRinging others: [BusConnection], ifUp: Bool = false
    ) async {
        await relay(signal, from: connection.user, in: call, to: call.callerConnection.map { [$0] } ?? [], ifUp: ifUp)
        send(CallFrames.hangup(callID: call.id, reason: "answered_elsewhere"), to: others)
    }

    private func relayCandidates(_ signal: CallSignal, from connection: BusConnection) async throws {
        let (call, targets) = try state.withLock { book throws(CallRefusal) in
            try book.countCandidates(signal.candidates.count, in: signal.callID, from: connection)
        }
        await relay(signal, from: connection.user, in: call, to: targets)
    }

    private func hangUp(_ signal: CallSignal, from connection: BusConnection) async throws {
        let (call, outcome) = try state.withLock { book throws(CallRefusal) in
            try book.hangUp(signal.callID, rejecting: signal.kind == .reject, from: connection)
        }
        if call.isCaller(connection) {
            await relay(signal, from: connection.user, in: call, to: call.calleeConnections)
        } else {
            await relayFromCallee(signal, from: connection, in: call, stopRinging: call.calleeConnections.filter { $0 !== connection })
        }
        await finish(call, outcome: outcome, reason: signal.reason ?? outcome, by: connection.user)
    }

    /// Refuses a banned or muted user's invite or answer.
    private func checkSanction(of user: String, at time: Double) async throws {
        guard let sanction = try? await sanctions.sanction(of: user), sanction.forbidsPosting(at: time) else { return }
        if sanction.banned { throw CallRefusal("user_banned", "you are banned from this chat") }
        let wait = ((sanction.mutedUntil ?? time) - time).rounded(.up)
        throw CallRefusal("user_muted", "you are muted and cannot call or answer for another \(Int(saturating: wait))s", retryAfter: wait)
    }

    // MARK: - Ending

    /// Ends `calls` here: a hangup with `reason` to their connections here, and to the other party's gateway.
    func end(_ calls: [Call], reason: String, outcome: String, by actor: String, note: String? = nil) async {
        for call in calls {
            send(CallFrames.hangup(callID: call.id, reason: reason), to: call.connections)
            for node in call.remoteTargets {
                await trunk?.send(CallNotice(.end, callID: call.id, to: node, user: actor, text: reason))
            }
            await finish(call, outcome: outcome, reason: note ?? reason, by: actor)
        }
    }

    /// Counts a call that has ended and, on its home, audits it.
    func finish(_ call: Call, outcome: String, reason: String, by actor: String) async {
        metrics.ended(call.isHome ? outcome : nil)
        guard call.isHome else { return }
        let time = now()
        var details = ["room": call.room, "caller": call.caller, "callee": call.callee, "outcome": outcome]
        if let answered = call.answered { details["duration"] = String(Int(saturating: (time - answered).rounded())) }
        do {
            try await audit.appendAudit(
                AuditRecord(time: time, actor: actor, action: "call.end", subject: call.subject, reason: reason, details: details))
        } catch {
            logger.error("Call end not audited", metadata: ["call.id": "\(call.id)", "error": "\(String(reflecting: error))"])
        }
    }

    /// Sends a party's frame to the other party: its connections here, or its gateway.
    /// With `ifUp`, only while the call is up: a frame written to the audit log first (an answer) must not follow
    /// the hangup of a call that ended meanwhile.
    private func relay(_ signal: CallSignal, from user: String, in call: Call, to connections: [BusConnection], ifUp: Bool = false) async {
        let frame = CallFrames.relayed(signal, from: user)
        if ifUp { send(frame, ifUp: call.id, to: connections) } else { send(frame, to: connections) }
        for node in call.remoteTargets {
            await trunk?.send(CallNotice(signal.kind.notice, callID: call.id, to: node, user: user, text: frame))
        }
    }

    /// Sends `frame` only while call `id` is up, deciding under the lock that ends calls: a call that ended after
    /// its audit entry was written (a ban meanwhile) has its hangup sent after its removal, so nothing follows it.
    private func send(_ frame: String, ifUp id: String, to connections: [BusConnection]) {
        let buffer = ByteBuffer(string: frame)
        state.withLock { book in
            guard book.calls[id] != nil else { return }
            for connection in connections { connection.deliver(.signal(buffer)) }
        }
    }

    func send(_ frame: String, to connections: [BusConnection]) {
        guard !connections.isEmpty else { return }
        let buffer = ByteBuffer(string: frame)
        for connection in connections { connection.deliver(.signal(buffer)) }
    }
}

/// A call as the moderators' listing shows it.
public struct LiveCall: Sendable, Equatable {
    public var id: String
    public var room: String
    public var caller: String
    public var callee: String
    /// `ringing` or `connected`.
    public var state: String
    public var invited: Double
    public var answered: Double?

    init(_ call: Call) {
        (id, room, caller, callee) = (call.id, call.room, call.caller, call.callee)
        state = call.answered == nil ? "ringing" : "connected"
        (invited, answered) = (call.invited, call.answered)
    }
}

/// Why a call frame was refused: a stable code, what to do, and when to try again for a rate limit or a mute.
struct CallRefusal: Error {
    var code: String
    var message: String
    var retryAfter: Double?

    init(_ code: String, _ message: String, retryAfter: Double? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }
}

extension CallSignal.Kind {
    /// The notice that carries a frame of this type to the other party's gateway.
    var notice: CallNotice.Kind {
        switch self {
        case .invite: .invite
        case .answer: .answer
        case .candidates: .candidates
        case .hangup: .hangup
        case .reject: .reject
        }
    }
}
