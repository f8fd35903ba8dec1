import Logging
import ModGateStorage
import Prometheus
import Synchronization

/// Carries calls' signalling between the gateways sharing the store, when the callee is connected to another
/// gateway than the caller (docs/calls.md, "Clusters"). The caller's gateway is the call's home: it audits the call
/// and counts its outcome; the callee's rings the callee and relays its frames.
struct CallTrunk: Sendable {
    let channel: any ClusterChannel
    let logger: Logger

    /// Sends `notice` to its gateway (or to every gateway). A failure is logged: the other party then hears no more
    /// of the call, which ends by its timeout or a party's hangup.
    func send(_ notice: CallNotice) async {
        do {
            try await channel.announce(.call(notice))
        } catch {
            logger.error(
                "Call notice not sent",
                metadata: ["call.id": "\(notice.callID)", "call.notice": "\(notice.kind)", "error": "\(String(reflecting: error))"])
        }
    }
}

extension CallSwitchboard {
    /// How long the caller's gateway waits for another to say it rings the callee before it hangs up
    /// `callee_unavailable`.
    static let ringWait = 3.0

    /// What gateway `node` says of a call, applied here.
    func received(_ notice: CallNotice, from node: String) async {
        switch notice.kind {
        case .invite:
            await ring(notice, home: node)
        case .ringing:
            guard !state.withLock({ $0.ringing(notice.callID, on: node) }) else { return }
            // Cancelled or timed out before the ring was heard: the other gateway stops ringing.
            await trunk?.send(CallNotice(.end, callID: notice.callID, to: node, user: "modgate", text: "cancelled"))
        case .answer:
            await answered(notice, on: node)
        case .candidates:
            guard let call = state.withLock({ $0.call(notice.callID, from: node) }) else { return }
            send(notice.text, to: call.isHome ? call.connections : call.calleeConnections)
        case .hangup, .reject:
            guard let call = state.withLock({ $0.remove(notice.callID, from: node) }) else { return }
            send(notice.text, to: call.connections)
            let outcome = CallBook.outcome(rejecting: notice.kind == .reject, answered: call.answered != nil, byCaller: !call.isHome)
            await stopRinging(call, except: node)
            await finish(call, outcome: outcome, reason: outcome, by: notice.user)
        case .end:
            guard let call = state.withLock({ $0.endedElsewhere(notice.callID, on: node) }) else { return }
            send(CallFrames.hangup(callID: call.id, reason: notice.text), to: call.connections)
            await stopRinging(call, except: node)
            await finish(call, outcome: notice.text, reason: notice.text, by: notice.user)
        }
    }

    /// Rings the callee of an invite placed on gateway `home`, if connected here, and tells `home`.
    private func ring(_ notice: CallNotice, home: String) async {
        let time = now()
        let ringing = bus.connections(of: notice.callee, following: notice.room)
        guard !ringing.isEmpty, await mayTakeCalls(notice.callee, at: time) else { return }
        let call = Call(
            id: notice.callID, room: notice.room, caller: notice.user, callee: notice.callee, callerConnection: nil, callerNode: home,
            calleeConnections: ringing, invited: time, expires: time + settings.maxLifetime)
        do {
            try state.withLock { book throws(CallRefusal) in try book.open(call, at: time, rated: false) }
        } catch {
            await trunk?.send(CallNotice(.end, callID: call.id, to: home, user: notice.callee, text: error.code))
            return
        }
        metrics.live.increment()
        send(notice.text, to: ringing)
        await trunk?.send(CallNotice(.ringing, callID: call.id, to: home, user: notice.callee))
    }

    /// The callee answered on gateway `node`: the caller hears the answer, the other gateways stop ringing.
    private func answered(_ notice: CallNotice, on node: String) async {
        guard let (call, others) = state.withLock({ $0.answeredElsewhere(notice.callID, on: node, at: now()) }) else { return }
        send(notice.text, to: call.connections)
        for other in others {
            await trunk?.send(CallNotice(.end, callID: call.id, to: other, user: call.callee, text: "answered_elsewhere"))
        }
    }

    /// Tells the gateways still ringing an ended call's callee, other than `node`, to stop.
    private func stopRinging(_ call: Call, except node: String) async {
        for other in call.remoteNodes where other != node {
            await trunk?.send(CallNotice(.end, callID: call.id, to: other, user: "modgate", text: "answered_elsewhere"))
        }
    }

    /// Ends the calls placed here whose invite no other gateway rang within ``ringWait``.
    func unreached(at time: Double) -> [Call] {
        state.withLock { book in
            book.removeAll { $0.calleeElsewhere && $0.calleeNodes.isEmpty && $0.answered == nil && $0.invited + Self.ringWait <= time }
        }
    }
}
