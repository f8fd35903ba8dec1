import Foundation
import HummingbirdWSClient
import ModGateAuth
import ModGateStorage
import ModGateTestSupport
import Testing

@testable import ModGateServer

/// Calls over real WebSockets (docs/calls.md): the signalling relayed between the parties' connections, and
/// governed like chat: sanctions, rate limits, bounds, timeouts, moderators, audit and metrics.
@Suite(.timeLimit(.minutes(1)))
struct CallTests {
    // MARK: - The call's life

    @Test func aCallIsInvitedAnsweredNegotiatedAndHungUpBetweenTwoUsersOfARoom() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock).run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                let invite = try await bob.call("invite")
                #expect(invite["room"] as? String == "lobby" && invite["call_id"] as? String == "c1")
                #expect(invite["from"] as? String == "alice" && invite["to"] == nil)
                #expect(invite["lifetime"] as? Int == 60_000, "the default lifetime is filled in")
                #expect((invite["sdp"] as? [String: Any])?["sdp"] as? String == "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n")
                // Candidates before the answer reach the ringing connection.
                try await alice.ok(Dial.candidates("c1", "early"))
                #expect(Self.candidate(of: try await bob.call("candidates")) == "early")

                clock.advance(by: 3)
                try await bob.ok(Dial.answer("c1"))
                let answer = try await alice.call("answer")
                #expect(answer["from"] as? String == "bob" && answer["call_id"] as? String == "c1")
                #expect((answer["sdp"] as? [String: Any])?["type"] as? String == "answer")
                try await bob.ok(Dial.candidates("c1", "from-bob"))
                let candidates = try await alice.call("candidates")
                #expect(candidates["from"] as? String == "bob" && Self.candidate(of: candidates) == "from-bob")
                try await alice.ok(Dial.candidates("c1", "from-alice"))
                #expect(Self.candidate(of: try await bob.call("candidates")) == "from-alice")

                clock.advance(by: 42)
                try await alice.ok(Dial.hangup("c1", reason: "bye_now"))
                let hangup = try await bob.call("hangup")
                #expect(hangup["from"] as? String == "alice" && hangup["reason"] as? String == "bye_now")
                // The call is gone: a second hangup finds nothing.
                try await bob.refused(Dial.hangup("c1"), "unknown_call")
            }
            let audit = try await session.callAudit("c1")
            try #require(audit.map(\.action) == ["call.invite", "call.answer", "call.end"])
            #expect(audit.map(\.actor) == ["alice", "bob", "alice"])
            #expect(audit[0].details == ["room": "lobby", "caller": "alice", "callee": "bob"])
            #expect(audit[1].time == 1_800_000_003)
            #expect(audit[2].reason == "bye_now")
            #expect(audit[2].details == ["room": "lobby", "caller": "alice", "callee": "bob", "outcome": "completed", "duration": "42"])
            #expect(try await session.metrics().contains(#"modgate_calls_total{outcome="completed"} 1"#))
            #expect(try await session.liveCalls().isEmpty)
        }
    }

    @Test func theAckNamesTheTypeAndTheCall() async throws {
        try await GatewayHarness().run { session in
            try await session.aliceAndBob { alice, bob in
                let ack = try await alice.send(Dial.invite("c1", to: "bob"))
                #expect(ack.count == 4)
                #expect(ack["op"] as? String == "ack" && ack["type"] as? String == "invite")
                #expect(ack["call_id"] as? String == "c1" && ack["status"] as? String == "ok")
                _ = try await bob.call("invite")
                // A frame the gateway cannot take is answered like any bad frame, and the call goes on.
                try await alice.socket.send(#"{"op":"call","type":"candidates","call_id":"c1","candidates":[]}"#)
                let error = try await alice.socket.next(op: "error")
                #expect(error["code"] as? String == "bad_request" && error["call_id"] as? String == "c1")
                try await alice.ok(Dial.hangup("c1"))
            }
        }
    }

    @Test func aCalleeThatIsNotConnectedOrNotFollowingTheRoomIsUnavailable() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("alice") { alice in
                try await alice.refused(Dial.invite("c1", to: "bob"), "callee_unavailable")
                try await session.phone("bob", following: ["kitchen"]) { _ in
                    let error = try await alice.refused(Dial.invite("c2", to: "bob"), "callee_unavailable")
                    #expect((error["message"] as? String)?.contains("bob") == true)
                }
            }
            #expect(try await session.metrics().contains(#"modgate_call_invites_refused_total{code="callee_unavailable"} 2"#))
            #expect(try await session.callAudit("c1").isEmpty)
        }
    }

    @Test func aCallerMustFollowTheRoomOnTheConnectionItInvitesFrom() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("bob") { _ in
                // alice follows lobby, but on another connection.
                try await session.phone("alice") { _ in
                    try await session.phone("alice", following: ["kitchen"]) { alice in
                        try await alice.refused(Dial.invite("c1", to: "bob"), "not_subscribed")
                    }
                }
            }
        }
    }

    @Test func nobodyCallsThemselves() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("alice") { alice in
                try await session.phone("alice") { _ in
                    let error = try await alice.refused(Dial.invite("c1", to: "alice"), "bad_request")
                    #expect((error["message"] as? String)?.contains("yourself") == true)
                }
            }
        }
    }

    @Test func aCallIDIsUniqueAmongLiveCalls() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("carol") { carol in
                try await session.aliceAndBob { alice, _ in
                    try await alice.ok(Dial.invite("c1", to: "bob"))
                    try await carol.refused(Dial.invite("c1", to: "alice"), "call_exists")
                    // Only the parties' connections act on a call.
                    try await carol.refused(Dial.hangup("c1"), "unknown_call")
                    try await carol.refused(Dial.answer("c1"), "unknown_call")
                    try await carol.refused(Dial.candidates("c1"), "unknown_call")
                    // The caller neither answers nor rejects their own call.
                    try await alice.refused(Dial.answer("c1"), "unknown_call")
                    try await alice.refused(Dial.reject("c1"), "call_state")
                    #expect(try await session.liveCalls().map { $0["call_id"].string } == ["c1"])
                }
            }
        }
    }

    @Test func theFirstOfTheCalleesConnectionsToAnswerTakesTheCall() async throws {
        try await GatewayHarness().run { session in
            try await session.phones(["alice", "bob", "bob"]) { phones in
                let (alice, bob1, bob2) = (phones[0], phones[1], phones[2])
                try await alice.ok(Dial.invite("c1", to: "bob"))
                for bob in [bob1, bob2] { #expect(try await bob.call("invite")["from"] as? String == "alice") }
                try await alice.ok(Dial.candidates("c1", "to-both"))
                for bob in [bob1, bob2] { #expect(Self.candidate(of: try await bob.call("candidates")) == "to-both") }

                try await bob2.ok(Dial.answer("c1"))
                try await bob1.hungUp("c1", "answered_elsewhere")
                #expect(try await alice.call("answer")["from"] as? String == "bob")
                // The call is bob2's now.
                try await bob1.refused(Dial.answer("c1"), "unknown_call")
                try await bob1.refused(Dial.hangup("c1"), "unknown_call")
                try await alice.ok(Dial.candidates("c1", "to-bob2"))
                #expect(Self.candidate(of: try await bob2.call("candidates")) == "to-bob2")
                try await bob2.ok(Dial.hangup("c1"))
                #expect(try await alice.call("hangup")["reason"] as? String == "user_hangup")
            }
            // answered_elsewhere ends no call: the one call completed.
            let metrics = try await session.metrics()
            #expect(metrics.contains(#"modgate_calls_total{outcome="completed"} 1"#) && !metrics.contains("answered_elsewhere"))
        }
    }

    @Test func aRejectEndsTheRingingCallAndTellsTheCaller() async throws {
        try await GatewayHarness().run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                _ = try await bob.call("invite")
                try await bob.ok(Dial.reject("c1"))
                let reject = try await alice.call("reject")
                #expect(reject.count == 4 && reject["call_id"] as? String == "c1" && reject["from"] as? String == "bob")
                try await alice.refused(Dial.hangup("c1"), "unknown_call")
                #expect(try await session.liveCalls().isEmpty)

                // Once answered, a call is hung up, not rejected.
                try await alice.ok(Dial.invite("c2", to: "bob"))
                try await bob.ok(Dial.answer("c2"))
                try await bob.refused(Dial.reject("c2"), "call_state")
                try await alice.ok(Dial.hangup("c2"))
            }
            #expect(try await session.expectEnded("c1", "rejected", by: "bob").details["duration"] == nil)
        }
    }

    /// The callee's other ringing connections hear the gateway's answered_elsewhere, not their own user's reject.
    @Test func aRejectFromOneOfTheCalleesConnectionsStopsTheOthersRinging() async throws {
        try await GatewayHarness().run { session in
            try await session.phones(["alice", "bob", "bob"]) { phones in
                let (alice, bob1, bob2) = (phones[0], phones[1], phones[2])
                try await alice.ok(Dial.invite("c1", to: "bob"))
                _ = try await bob2.call("invite")
                try await bob1.ok(Dial.reject("c1"))
                #expect(try await alice.call("reject")["from"] as? String == "bob")
                try await bob2.hungUp("c1", "answered_elsewhere")
                try await bob2.refused(Dial.answer("c1"), "unknown_call")
            }
        }
    }

    @Test func aCallerWhoHangsUpWhileItRingsCancelsIt() async throws {
        try await GatewayHarness().run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                try await alice.ok(Dial.hangup("c1"))
                #expect(try await bob.call("hangup")["from"] as? String == "alice")
            }
            try await session.expectEnded("c1", "cancelled", by: "alice")
        }
    }

    @Test func aPartySendsAtMost256CandidatesInACall() async throws {
        try await GatewayHarness().run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                let frame = { (count: Int) in
                    let candidates = Array(repeating: #"{"candidate":"c","sdpMid":"0","sdpMLineIndex":0}"#, count: count)
                    return #"{"op":"call","type":"candidates","call_id":"c1","candidates":[\#(candidates.joined(separator: ","))]}"#
                }
                for _ in 1...8 { try await alice.ok(frame(32)) }
                let error = try await alice.refused(frame(1), "bad_request")
                #expect((error["message"] as? String)?.contains("256") == true)
                // The bound is per party: bob has his own.
                try await bob.ok(frame(32))
                try await alice.ok(Dial.hangup("c1"))
            }
        }
    }

    @Test func aPartyWhoseConnectionClosesEndsTheCall() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("bob") { bob in
                try await session.phone("alice") { alice in
                    try await alice.ok(Dial.invite("c1", to: "bob"))
                    try await bob.ok(Dial.answer("c1"))
                    _ = try await alice.call("answer")
                }
                try await bob.hungUp("c1", "user_disconnected")
                // A ringing call ends too when its caller leaves.
                try await session.phone("alice") { alice in try await alice.ok(Dial.invite("c2", to: "bob")) }
                try await bob.hungUp("c2", "user_disconnected")
            }
            try await session.expectEnded("c2", "user_disconnected", by: "alice", count: 2)
            let end = try #require(try await session.callEnd("c1"))
            #expect(end.actor == "alice" && end.details["outcome"] == "user_disconnected" && end.details["duration"] != nil)
        }
    }

    @Test func aRingingConnectionThatClosesLeavesTheCallRingingOnTheOthers() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("alice") { alice in
                try await session.phone("bob") { bob1 in
                    // The invite rings here too, and this connection goes away without answering.
                    try await session.phone("bob") { bob2 in
                        try await alice.ok(Dial.invite("c1", to: "bob"))
                        _ = try await bob2.call("invite")
                    }
                    // Its session is over once the gauge no longer counts it (alice's and bob1's remain).
                    #expect(try await session.eventually { try await session.metrics().contains("\nmodgate_connections 2") })
                    _ = try await bob1.call("invite")
                    try await bob1.ok(Dial.answer("c1"))
                    #expect(try await alice.call("answer")["from"] as? String == "bob")
                    try await alice.ok(Dial.hangup("c1"))
                }
            }
        }
    }

    /// On Socket.IO a call frame is an event named by its `type`, answered through the acknowledgement.
    @Test func aSocketIOClientIsRungByAnInviteEventAndAnswersWithAnAcknowledgement() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("alice") { alice in
                try await session.socketIO("bob", following: "lobby") { bob in
                    try await alice.ok(Dial.invite("c1", to: "bob"))
                    let invite = try await bob.next()
                    #expect(invite.hasPrefix(#"42["invite",{"op":"call","type":"invite","room":"lobby","call_id":"c1","from":"alice","sdp":{"#))
                    try await bob.send(#"422["answer",{"call_id":"c1","sdp":{"type":"answer","sdp":"v=0"}}]"#)
                    let ack = try SocketIOParty.object(of: try await bob.next(), after: "432")
                    #expect(ack["op"] as? String == "ack" && ack["type"] as? String == "answer" && ack["call_id"] as? String == "c1")
                    #expect(try await alice.call("answer")["from"] as? String == "bob")
                    try await alice.ok(Dial.hangup("c1"))
                    #expect(try await bob.next() == #"42["hangup",{"op":"call","type":"hangup","call_id":"c1","from":"alice","reason":"user_hangup"}]"#)
                    // Without an acknowledgement id, a refusal comes as an error event that names the call.
                    try await bob.send(#"42["hangup",{"call_id":"c1"}]"#)
                    let refusal = try SocketIOParty.object(of: try await bob.next(), after: "42")
                    #expect(refusal["code"] as? String == "unknown_call" && refusal["call_id"] as? String == "c1")
                }
            }
        }
    }

    // MARK: - Governance

    @Test func aMutedCallerIsRefusedWithTheTimeLeftAndABannedOneToo() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock).run { session in
            try await session.aliceAndBob { alice, bob in
                #expect(try await session.post("/v1/admin/users/alice/mute", as: "mod", #"{"for":"10m"}"#).status == .ok)
                let muted = try await alice.refused(Dial.invite("c1", to: "bob"), "user_muted")
                #expect(muted["retry_after"] as? Double == 600)
                clock.advance(by: 601)
                try await alice.ok(Dial.invite("c2", to: "bob"))
                // A ban the connection has not yet been closed for (another gateway's, say) refuses the answer.
                session.server.gateway.sanctions.set(Sanction(banned: true), for: "bob")
                try await bob.refused(Dial.answer("c2"), "user_banned")
                try await bob.refused(Dial.invite("c3", to: "alice"), "user_banned")
            }
            let metrics = try await session.metrics()
            #expect(metrics.contains(#"modgate_call_invites_refused_total{code="user_muted"} 1"#))
            #expect(metrics.contains(#"modgate_call_invites_refused_total{code="user_banned"} 1"#))
        }
    }

    @Test func aMutedCalleeCannotAnswerNorBeCalled() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock).run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                // Set behind the admin API, which would end the call.
                session.server.gateway.sanctions.set(Sanction(mutedUntil: clock.now + 30), for: "bob")
                #expect(try await bob.refused(Dial.answer("c1"), "user_muted")["retry_after"] as? Double == 30)
                try await alice.ok(Dial.hangup("c1"))
                try await alice.refused(Dial.invite("c2", to: "bob"), "callee_unavailable")
            }
        }
    }

    @Test func aBanDuringACallHangsUpBothThenClosesTheBannedUsersSockets() async throws {
        try await GatewayHarness().run { session in
            try await session.phone("alice") { alice in
                let close = try await session.phone("bob") { bob in
                    try await alice.ok(Dial.invite("c1", to: "bob"))
                    _ = try await bob.call("invite")
                    try await bob.ok(Dial.answer("c1"))
                    _ = try await alice.call("answer")
                    #expect(try await session.post("/v1/admin/users/bob/ban", as: "mod", #"{"reason":"abuse"}"#).status == .ok)
                    // bob hears why the call ended, then why the connection ends, then nothing.
                    let rest = try await bob.rest()
                    #expect(rest.map { $0["op"] as? String } == ["call", "error"], "\(rest)")
                    #expect(rest.first?["type"] as? String == "hangup" && rest.first?["reason"] as? String == "banned")
                    #expect(rest.first?["from"] == nil)
                    #expect(rest.last?["code"] as? String == "user_banned")
                }
                #expect(close?.closeCode == .unknown(4403))
                try await alice.hungUp("c1", "banned")
                #expect(try await session.liveCalls().isEmpty)
            }
            #expect(try await session.expectEnded("c1", "banned", by: "mod").reason == "banned")
        }
    }

    @Test func aMuteDuringACallHangsUpBothAndTheConnectionsStay() async throws {
        try await GatewayHarness().run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                _ = try await bob.call("invite")
                #expect(try await session.post("/v1/admin/users/alice/mute", as: "mod", #"{"for":"1h"}"#).status == .ok)
                for phone in [alice, bob] { try await phone.hungUp("c1", "muted") }
                try await alice.refused(Dial.invite("c2", to: "bob"), "user_muted")
                try await bob.refused(Dial.hangup("c1"), "unknown_call")
            }
            try await session.expectEnded("c1", "muted", by: "mod")
        }
    }

    @Test func invitesPerUserAreRateLimitedWithTheTimeToWait() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock) { $0.userInvites = 2; $0.userPeriod = 60 }.run { session in
            try await session.phone("carol") { carol in
                try await session.aliceAndBob { alice, _ in
                    for id in ["c1", "c2"] {
                        try await alice.ok(Dial.invite(id, to: "bob"))
                        try await alice.ok(Dial.hangup(id))
                    }
                    let limited = try await alice.refused(Dial.invite("c3", to: "bob"), "call_rate_limited")
                    #expect(limited["retry_after"] as? Double == 30)
                    // Another user's allowance is their own.
                    try await carol.ok(Dial.invite("c4", to: "bob"))
                    clock.advance(by: 30)
                    try await alice.ok(Dial.invite("c5", to: "carol"))
                }
            }
            #expect(try await session.metrics().contains(#"modgate_call_invites_refused_total{code="call_rate_limited"} 1"#))
        }
    }

    @Test func invitesPerRoomAreRateLimited() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock) { $0.roomInvites = 1; $0.roomPeriod = 120 }.run { session in
            try await session.phone("carol", following: ["lobby", "kitchen"]) { carol in
                try await session.phone("alice", following: ["lobby", "kitchen"]) { alice in
                    try await alice.ok(Dial.invite("c1", to: "carol"))
                    try await alice.ok(Dial.hangup("c1"))
                    let limited = try await carol.refused(Dial.invite("c2", to: "alice"), "call_rate_limited")
                    #expect(limited["retry_after"] as? Double == 120)
                    try await carol.ok(Dial.invite("c3", to: "alice", room: "kitchen"))
                }
            }
        }
    }

    @Test func aUserIsInAtMostMaxPerUserCalls() async throws {
        try await Self.harness { $0.maxPerUser = 1 }.run { session in
            try await session.phone("carol") { carol in
                try await session.aliceAndBob { alice, bob in
                    try await alice.ok(Dial.invite("c1", to: "bob"))
                    try await alice.refused(Dial.invite("c2", to: "carol"), "too_many_calls")
                    try await carol.refused(Dial.invite("c3", to: "bob"), "callee_busy")
                    // Answered, the call still counts.
                    try await bob.ok(Dial.answer("c1"))
                    try await carol.refused(Dial.invite("c4", to: "alice"), "callee_busy")
                    try await bob.ok(Dial.hangup("c1"))
                    try await carol.ok(Dial.invite("c5", to: "bob"))
                }
            }
        }
    }

    @Test func anInviteNobodyAnswersWithinItsLifetimeTimesOut() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock).run { session in
            let calls = session.server.gateway.calls
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob", lifetime: 5_000))
                #expect(try await bob.call("invite")["lifetime"] as? Int == 5_000)
                clock.advance(by: 4)
                await calls.expire(at: clock.now)
                #expect(calls.live.map(\.id) == ["c1"])
                clock.advance(by: 1)
                await calls.expire(at: clock.now)
                #expect(calls.live.isEmpty)
                for phone in [alice, bob] { try await phone.hungUp("c1", "invite_timeout") }
                try await bob.refused(Dial.answer("c1"), "unknown_call")
            }
            try await session.expectEnded("c1", "invite_timeout", by: "modgate")
        }
    }

    @Test func anAnsweredCallDoesNotTimeOutAndALifetimeIsBoundedByTheGateway() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock) { $0.maxLifetime = 30 }.run { session in
            let calls = session.server.gateway.calls
            try await session.aliceAndBob { alice, bob in
                let error = try await alice.refused(Dial.invite("c1", to: "bob", lifetime: 30_001), "bad_request")
                #expect((error["message"] as? String)?.contains("30000") == true)
                // Without a lifetime, the invite rings as long as the gateway allows, below the usual minute.
                try await alice.ok(Dial.invite("c2", to: "bob"))
                #expect(try await bob.call("invite")["lifetime"] as? Int == 30_000)
                try await bob.ok(Dial.answer("c2"))
                // Well past the invite's lifetime (and short of the tokens' hour).
                clock.advance(by: 600)
                await calls.expire(at: clock.now)
                #expect(calls.live.map(\.state) == ["connected"])
                try await alice.ok(Dial.hangup("c2"))
            }
        }
    }

    @Test func callsTurnedOffAreRefused() async throws {
        try await Self.harness { $0.enabled = false }.run { session in
            try await session.aliceAndBob { alice, _ in
                let error = try await alice.refused(Dial.invite("c1", to: "bob"), "calls_disabled")
                #expect(error["call_id"] as? String == "c1")
                try await alice.refused(Dial.hangup("c1"), "calls_disabled")
            }
        }
    }

    // MARK: - Moderators

    @Test func moderatorsListTheLiveCallsAndEndOne() async throws {
        let clock = ManualClock(1_800_000_000)
        try await Self.harness(clock).run { session in
            try await session.aliceAndBob { alice, bob in
                try await alice.ok(Dial.invite("c1", to: "bob"))
                var listed = try #require(try await session.liveCalls().first)
                #expect(listed["call_id"].string == "c1" && listed["room"].string == "lobby" && listed["state"].string == "ringing")
                #expect(listed["caller"].string == "alice" && listed["callee"].string == "bob")
                #expect(listed["invited"].double == 1_800_000_000 && listed["answered"].raw == nil)
                clock.advance(by: 2)
                try await bob.ok(Dial.answer("c1"))
                listed = try #require(try await session.liveCalls().first)
                #expect(listed["state"].string == "connected" && listed["answered"].double == 1_800_000_002)
                #expect(try await session.metrics().contains("\nmodgate_calls_live 1"))

                // Members see and end nothing.
                #expect(try await session.request("/v1/admin/calls", user: "alice").status == .forbidden)
                let refused = try await session.post("/v1/admin/calls/c1/end", as: "alice", role: .member, "{}")
                #expect(refused.status == .forbidden)
                #expect(try await session.liveCalls().count == 1)
                #expect(try await session.post("/v1/admin/calls/nope/end", as: "mod", "{}").status == .notFound)

                let ended = try await session.post("/v1/admin/calls/c1/end", as: "mod", #"{"reason":"harassment"}"#)
                #expect(ended.status == .ok)
                let body = try JSONValue(ended)
                #expect(body["call_id"].string == "c1" && body["status"].string == "ended")
                for phone in [alice, bob] { try await phone.hungUp("c1", "ended_by_moderator") }
                #expect(try await session.liveCalls().isEmpty)
                #expect(try await session.post("/v1/admin/calls/c1/end", as: "mod", "{}").status == .notFound)
            }
            #expect(try await session.expectEnded("c1", "ended_by_moderator", by: "mod").reason == "harassment")
            #expect(try await session.metrics().contains("\nmodgate_calls_live 0"))
        }
    }

    // MARK: - ICE servers

    @Test func clientsWithATokenGetTheConfiguredIceServers() async throws {
        var harness = try GatewayHarness()
        let credential = harness.folder.appendingPathComponent("turn-credential")
        try "s3cret-from-file\n".write(to: credential, atomically: true, encoding: .utf8)
        harness.config.calls.iceServers = [
            IceServer(urls: ["stun:stun.example.org:3478"]),
            IceServer(
                urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"], username: "modgate",
                credentialFile: credential.path),
            IceServer(urls: ["turn:backup.example.org"], username: "u", credential: "inline"),
        ]
        try await harness.run { session in
            let response = try await session.request("/v1/calls/ice-servers", user: "alice")
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let servers = try JSONValue(response)["iceServers"].array
            #expect(servers.count == 3)
            #expect(servers[0]["urls"].array.map(\.string) == ["stun:stun.example.org:3478"])
            #expect(servers[0]["username"].raw == nil && servers[0]["credential"].raw == nil)
            #expect(servers[1]["urls"].array.map(\.string) == ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"])
            #expect(servers[1]["username"].string == "modgate" && servers[1]["credential"].string == "s3cret-from-file")
            #expect(servers[2]["credential"].string == "inline")
            #expect(try await session.request("/v1/calls/ice-servers").status == .unauthorized)
        }
    }

    @Test func noICEServersConfiguredIsAnEmptyList() async throws {
        try await GatewayHarness().run { session in
            let response = try await session.request("/v1/calls/ice-servers", user: "alice")
            #expect(String(buffer: response.body) == #"{"iceServers":[]}"#)
        }
    }

    // MARK: - Helpers

    /// A harness on `clock` (the real one without), with its call settings as `calls` makes them.
    static func harness(_ clock: ManualClock? = nil, _ calls: (inout CallSettings) -> Void = { _ in }) throws -> GatewayHarness {
        var harness = try GatewayHarness()
        if let clock { harness.now = { clock.now } }
        calls(&harness.config.calls)
        return harness
    }

    /// The first candidate's text in a candidates frame.
    static func candidate(of frame: [String: any Sendable]) -> String? {
        ((frame["candidates"] as? [Any])?.first as? [String: Any])?["candidate"] as? String
    }
}
