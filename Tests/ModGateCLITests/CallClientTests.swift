import Foundation
import ModGateTestSupport
import Testing

/// Calls (docs/calls.md) between two aiortc peers that signal through a real `modgate serve` and then talk over a
/// data channel of their own. One at a time: each case runs a gateway and a Python interpreter with two
/// peer connections, which together would crowd the tests that time their clients.
@Suite(
    .enabled(if: testPython != nil, "needs aiortc: run scripts/test-venv and set MODGATE_TEST_PYTHON=.build/test-venv/bin/python (make test does)"),
    .serialized
)
struct CallClientTests {
    /// Runs `Tests/clients/webrtc_call.py` against a fresh gateway, with tokens for alice, bob and carol and the
    /// gateway's moderator token, all in the room lobby.
    private func call(_ scenario: String) async throws -> [String: Any] {
        try await runPythonClient("webrtc_call.py") { gateway in
            [scenario, gateway.server.url, "lobby", gateway.moderator] + (try ["alice", "bob", "carol"].map { try gateway.token($0) })
        }
    }

    /// Runs `scenario`: a call up to the data channel that the gateway ends after the admin API's answer recorded
    /// as `request`, with a hangup `reason` to both parties.
    private func callEndedByGateway(_ scenario: String, request: String, reason: String) async throws -> [String: Any] {
        let result = try await call(scenario)
        try expectConnected(result)
        #expect(try object(result, request)["status"] as? Int == 200)
        expectGatewayHangup(result["caller_hangup"], reason)
        expectGatewayHangup(result["callee_hangup"], reason)
        return result
    }

    @Test("alice calls bob: the offer, the answer and the end of candidates pass, ping and pong cross the data channel, and alice's hangup reaches bob")
    func callConnectsAndHangsUp() async throws {
        let result = try await call("call")
        try expectConnected(result)
        let invite = try object(result, "callee_invite")
        #expect(invite["op"] as? String == "call" && invite["type"] as? String == "invite" && invite["room"] as? String == "lobby")
        // A moderator sees the call while it is up, and no longer once it has ended.
        let during = try object(result, "admin_calls_during"), after = try object(result, "admin_calls_after")
        #expect(during["status"] as? Int == 200 && mentions(during["body"], "c1"))
        #expect(after["status"] as? Int == 200 && !mentions(after["body"], "c1"))
        expectAck(result["hangup_ack"], "hangup")
        let hangup = try object(result, "callee_hangup")
        #expect(hangup["from"] as? String == "alice" && hangup["call_id"] as? String == "c1")
        #expect(hangup["reason"] == nil || hangup["reason"] as? String == "user_hangup")
        let frames = try object(result, "call_frames")
        #expect(types(frames["bob"]) == ["invite", "candidates", "hangup"])
        #expect(types(frames["alice"]) == ["answer", "candidates"])
    }

    @Test("A ban during a call hangs up on both parties with reason banned, then closes the banned user's socket with 4403")
    func banEndsTheCall() async throws {
        let result = try await callEndedByGateway("ban", request: "ban", reason: "banned")
        // Bob's hangup comes before the ban's error and the close.
        let after = try #require(result["callee_after_ban"] as? [[String: Any]])
        let hangupAt = after.firstIndex { $0["op"] as? String == "call" && $0["type"] as? String == "hangup" }
        let bannedAt = after.firstIndex { $0["op"] as? String == "error" && $0["code"] as? String == "user_banned" }
        #expect(hangupAt == 0, "bob's frames after the ban: \(after)")
        #expect(bannedAt.map { $0 > (hangupAt ?? .max) } == true, "bob's frames after the ban: \(after)")
        #expect(result["callee_close_code"] as? Int == 4403)
    }

    @Test("A banned user's socket closes with 4403 before they can call; a muted user can neither call nor be called, and a mute ends a ringing call and refuses the answer")
    func mutedAndBannedCannotCall() async throws {
        let result = try await call("banned_invite")
        #expect(try object(result, "mute")["status"] as? Int == 200 && object(result, "ban")["status"] as? Int == 200)
        let banned = try #require(result["banned_saw"] as? [[String: Any]])
        #expect(banned.contains { $0["op"] as? String == "error" && $0["code"] as? String == "user_banned" }, "carol saw \(banned)")
        #expect(!banned.contains { $0["op"] as? String == "ack" }, "carol saw \(banned)")
        #expect(result["banned_close_code"] as? Int == 4403)
        expectRefusal(result["muted_invite"], "user_muted", callID: "c1", retryAfter: true)
        // docs/calls.md does not say so, but the gateway keeps a muted user from ringing, as it would from answering.
        expectRefusal(result["invite_to_muted"], "callee_unavailable", callID: "c2")
        #expect(try object(result, "unmute")["status"] as? Int == 200)
        expectAck(result["invite_ack"], "invite")
        #expect(try object(result, "mute_while_ringing")["status"] as? Int == 200)
        expectGatewayHangup(result["caller_hangup"], "muted", callID: "c3")
        expectGatewayHangup(result["callee_hangup"], "muted", callID: "c3")
        expectRefusal(result["muted_answer"], "user_muted", callID: "c3", retryAfter: true)
        let frames = try object(result, "call_frames")
        // Alice's refused invite did not reach bob; alice rang once.
        #expect(types(frames["bob"]) == ["hangup"])
        #expect(types(frames["alice"]) == ["invite", "hangup"])
    }

    @Test("An invite nobody answers within its lifetime ends with a hangup invite_timeout to both parties")
    func unansweredInviteTimesOut() async throws {
        let result = try await call("timeout")
        let invite = try object(result, "callee_invite")
        #expect(invite["from"] as? String == "alice" && invite["lifetime"] as? Int == 1000)
        for side in ["caller", "callee"] {
            expectGatewayHangup(result[side + "_hangup"], "invite_timeout")
            // The lifetime is 1 s, counted from before the ack the clock here starts at.
            let after = try #require(result[side + "_hangup_after"] as? Double)
            #expect(after > 0.5 && after < 5, "\(side)'s hangup came \(after) s after the invite's ack")
        }
    }

    @Test("An invite to a user who is not connected, or who does not follow the room, is refused with callee_unavailable; one from outside the room, or to oneself, is refused too")
    func inviteToAbsentCalleeIsRefused() async throws {
        let result = try await call("offline")
        expectRefusal(result["invite_offline"], "callee_unavailable", callID: "c1")
        expectRefusal(result["invite_not_following"], "callee_unavailable", callID: "c2")
        // docs/calls.md names neither code: a caller who does not follow the room, and a call to oneself.
        expectRefusal(result["invite_unsubscribed"], "not_subscribed", callID: "c3")
        expectRefusal(result["invite_self"], "bad_request", callID: "c4")
        #expect(types(try object(result, "call_frames")["bob"]) == [])
    }

    @Test("A party whose socket closes ends the call: the other gets a hangup user_disconnected")
    func disconnectEndsTheCall() async throws {
        let result = try await call("disconnect")
        try expectConnected(result)
        expectGatewayHangup(result["caller_hangup"], "user_disconnected")
    }

    @Test("A moderator ends a call through the admin API: both parties get a hangup ended_by_moderator")
    func moderatorEndsTheCall() async throws {
        let result = try await callEndedByGateway("moderator_end", request: "end", reason: "ended_by_moderator")
        let after = try object(result, "admin_calls_after")
        #expect(after["status"] as? Int == 200 && !mentions(after["body"], "c1"))
    }

    @Test("A Socket.IO callee gets the invite as an event, answers through the acknowledgement, and hangs up")
    func socketIOCalleeAnswers() async throws {
        let result = try await call("socketio")
        let joined = try object(result, "joined")
        #expect(joined["bob"] as? [String: String] == ["status": "ok", "room": "lobby"])
        try expectConnected(result, calleeOnSocketIO: true)
        let ack = try object(result, "hangup_ack")
        #expect(ack["status"] as? String == "ok" && ack["call_id"] as? String == "c1", "\(ack)")
        #expect(try object(result, "caller_hangup")["from"] as? String == "bob")
    }
}

/// What `connect` in webrtc_call.py records: alice's invite of c1 reached bob with her user id and without `to` or the
/// extra field she added, both SDPs passed unchanged, each side's end of candidates reached the other, every frame
/// was acknowledged, and ping and pong crossed the data channel. On Socket.IO bob's acks come through the
/// acknowledgement, whose `op` and `type` docs/calls.md does not promise.
private func expectConnected(
    _ result: [String: Any], calleeOnSocketIO: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    expectAck(result["invite_ack"], "invite", sourceLocation: sourceLocation)
    expectAck(result["caller_candidates_ack"], "candidates", sourceLocation: sourceLocation)
    for (key, type) in [("answer_ack", "answer"), ("callee_candidates_ack", "candidates")] {
        if calleeOnSocketIO {
            let ack = result[key] as? [String: Any] ?? [:]
            #expect(ack["status"] as? String == "ok" && ack["call_id"] as? String == "c1", "\(key): \(ack)", sourceLocation: sourceLocation)
        } else {
            expectAck(result[key], type, sourceLocation: sourceLocation)
        }
    }
    let invite = try object(result, "callee_invite")
    #expect(
        invite["from"] as? String == "alice" && invite["to"] == nil && invite["extra"] == nil && invite["call_id"] as? String == "c1"
            && invite["lifetime"] as? Int == 60000,
        "\(invite)", sourceLocation: sourceLocation)
    #expect(result["callee_invite_sdp_intact"] as? Bool == true, sourceLocation: sourceLocation)
    expectEndOfCandidates(result["callee_candidates"], from: "alice", sourceLocation: sourceLocation)
    let answer = try object(result, "caller_answer")
    #expect(answer["type"] as? String == "answer" && answer["from"] as? String == "bob" && answer["to"] == nil, sourceLocation: sourceLocation)
    #expect(result["caller_answer_sdp_intact"] as? Bool == true, sourceLocation: sourceLocation)
    expectEndOfCandidates(result["caller_candidates"], from: "bob", sourceLocation: sourceLocation)
    let channel = try object(result, "data_channel")
    #expect(
        channel["bob_got"] as? [String] == ["ping"] && channel["alice_got"] as? [String] == ["pong"], "\(channel)",
        sourceLocation: sourceLocation)
}

private func object(_ result: [String: Any], _ key: String) throws -> [String: Any] {
    try #require(result[key] as? [String: Any], "no object \(key) in \(result)")
}

/// The types of a list of call frames: `type` on /v1/ws, `event` on Socket.IO.
private func types(_ frames: Any?) -> [String]? {
    (frames as? [[String: Any]])?.map { ($0["type"] ?? $0["event"]) as? String ?? "?" }
}

/// Whether `value`, written as JSON, holds the string `text`.
private func mentions(_ value: Any?, _ text: String) -> Bool {
    guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return false }
    return String(decoding: data, as: UTF8.self).contains("\"\(text)\"")
}

private func expectAck(_ frame: Any?, _ type: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let ack = frame as? [String: Any] ?? [:]
    #expect(
        ack["op"] as? String == "ack" && ack["type"] as? String == type && ack["status"] as? String == "ok" && ack["call_id"] != nil,
        "\(type) ack: \(String(describing: frame))", sourceLocation: sourceLocation)
}

private func expectRefusal(
    _ frame: Any?, _ code: String, callID: String, retryAfter: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = frame as? [String: Any] ?? [:]
    #expect(
        error["op"] as? String == "error" && error["code"] as? String == code && error["call_id"] as? String == callID
            && (error["message"] as? String)?.isEmpty == false,
        "\(String(describing: frame))", sourceLocation: sourceLocation)
    if retryAfter {
        #expect((error["retry_after"] as? Double ?? 0) > 0, "no retry_after in \(error)", sourceLocation: sourceLocation)
    }
}

/// A hangup the gateway sent, not a party: `reason` and no `from`.
private func expectGatewayHangup(_ frame: Any?, _ reason: String, callID: String = "c1", sourceLocation: SourceLocation = #_sourceLocation) {
    let hangup = frame as? [String: Any] ?? [:]
    #expect(
        hangup["type"] as? String == "hangup" && hangup["reason"] as? String == reason && hangup["from"] == nil
            && hangup["call_id"] as? String == callID,
        "\(String(describing: frame))", sourceLocation: sourceLocation)
}

/// A candidates frame from `user` that holds only the end of candidates (on /v1/ws or as a Socket.IO event).
private func expectEndOfCandidates(_ frame: Any?, from user: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let candidates = frame as? [String: Any] ?? [:]
    let list = candidates["candidates"] as? [[String: Any]] ?? []
    #expect(
        candidates["from"] as? String == user && list.count == 1 && list.first?["candidate"] as? String == ""
            && list.first?["sdpMid"] as? String == "0" && list.first?["sdpMLineIndex"] as? Int == 0,
        "\(String(describing: frame))", sourceLocation: sourceLocation)
}
