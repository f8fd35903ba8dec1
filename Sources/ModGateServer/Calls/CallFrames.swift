/// The call frames the gateway sends: a client's frame relayed to the other party with `from`, and the gateway's
/// own hang-ups. Members in a fixed order, `op` and `type` first (before the `sdp` object and its own `type`), so
/// that Socket.IO names the event after the frame's `type`; only the fields the type uses pass.
enum CallFrames {
    static func relayed(_ signal: CallSignal, from user: String) -> String {
        var json = JSONObjectText(capacity: 160 + (signal.sdp?.sdp.utf8.count ?? 0) + signal.candidates.count * 160)
        json.add("op", "call")
        json.add("type", signal.kind.rawValue)
        if signal.kind == .invite { json.add("room", signal.room) }
        json.add("call_id", signal.callID)
        json.add("from", user)
        if let sdp = signal.sdp {
            var description = JSONObjectText(capacity: sdp.sdp.utf8.count + 32)
            description.add("type", sdp.type)
            description.add("sdp", sdp.sdp)
            json.addRaw("sdp", description.close())
        }
        if signal.kind == .candidates { json.addRaw("candidates", "[" + signal.candidates.map(candidate).joined(separator: ",") + "]") }
        if signal.kind == .invite { json.add("lifetime", signal.lifetime.map(Int64.init)) }
        if signal.kind == .hangup { json.add("reason", signal.reason) }
        return json.close()
    }

    /// A hang-up from the gateway itself, without `from`: a ban, a timeout, a moderator, a closed connection.
    static func hangup(callID: String, reason: String) -> String {
        var json = JSONObjectText(capacity: 64 + callID.utf8.count + reason.utf8.count)
        json.add("op", "call")
        json.add("type", CallSignal.Kind.hangup.rawValue)
        json.add("call_id", callID)
        json.add("reason", reason)
        return json.close()
    }

    private static func candidate(_ candidate: CallSignal.Candidate) -> String {
        var json = JSONObjectText(capacity: candidate.candidate.utf8.count + 64)
        json.add("candidate", candidate.candidate)
        json.add("sdpMid", candidate.sdpMid)
        json.add("sdpMLineIndex", candidate.sdpMLineIndex.map(Int64.init))
        return json.close()
    }
}
