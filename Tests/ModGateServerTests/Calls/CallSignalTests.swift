import Foundation
import ModGateProtocol
import NIOCore
import Testing

@testable import ModGateServer

/// Call frames as clients send them (`/v1/ws` text frames, Socket.IO events named like their type), checked
/// against docs/calls.md's bounds, and as the gateway relays them to the other party.
@Suite struct CallSignalTests {
    static let offer = #""sdp":{"type":"offer","sdp":"v=0"}"#
    static let answer = #""sdp":{"type":"answer","sdp":"v=0"}"#
    static let invite = #""room":"lobby","call_id":"c1","to":"bob",\#(offer)"#

    // MARK: - What each type needs

    @Test func eachTypeDecodesWithTheFieldsItNeeds() throws {
        let description = { (type: String) in CallSignal.Description(type: type, sdp: "v=0") }
        #expect(
            try decodeBoth("invite", Self.invite + #","lifetime":30000"#)
                == CallSignal(kind: .invite, callID: "c1", room: "lobby", to: "bob", sdp: description("offer"), lifetime: 30000))
        // No lifetime: the gateway's default applies when the invite is placed.
        #expect(try decodeBoth("invite", Self.invite).lifetime == nil)
        #expect(try decodeBoth("answer", #""call_id":"c1",\#(Self.answer)"#) == CallSignal(kind: .answer, callID: "c1", sdp: description("answer")))
        let candidates = #""call_id":"c1","candidates":[{"candidate":"candidate:1 1 udp 1 10.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0},{"candidate":""}]"#
        #expect(
            try decodeBoth("candidates", candidates)
                == CallSignal(
                    kind: .candidates, callID: "c1",
                    candidates: [
                        .init(candidate: "candidate:1 1 udp 1 10.0.0.1 9 typ host", sdpMid: "0", sdpMLineIndex: 0), .init(candidate: ""),
                    ]))
        #expect(try decodeBoth("hangup", #""call_id":"c1","reason":"busy_here""#) == CallSignal(kind: .hangup, callID: "c1", reason: "busy_here"))
        #expect(try decodeBoth("hangup", #""call_id":"c1""#).reason == "user_hangup")
        #expect(try decodeBoth("reject", #""call_id":"c1""#) == CallSignal(kind: .reject, callID: "c1"))
    }

    @Test(arguments: [
        ("invite", #""room":"lobby","to":"bob",\#(offer)"#, "every call frame needs a 'call_id'"),
        ("invite", #""call_id":"c1","to":"bob",\#(offer)"#, "every op needs a 'room'"),
        ("invite", #""room":"lobby","call_id":"c1",\#(offer)"#, "'invite' needs 'to'"),
        ("invite", #""room":"lobby","call_id":"c1","to":"",\#(offer)"#, "'invite' needs 'to'"),
        ("invite", #""room":"lobby","call_id":"c1","to":"bob""#, #"'sdp' must be the session description {"type":"offer""#),
        ("invite", #""room":"lobby","call_id":"c1","to":"bob",\#(answer)"#, #"'sdp' must be the session description {"type":"offer""#),
        ("invite", #""room":"lobby","call_id":"c1","to":"bob","sdp":{"type":"offer","sdp":""}"#, "'sdp.sdp' must be 1 to 12288 bytes"),
        ("invite", #""room":"lobby","call_id":"c1","to":"bob","sdp":"v=0""#, "the call frame's 'sdp' has the wrong type"),
        ("invite", #""room":"lobby","call_id":"c1","to":"bob",\#(offer),"lifetime":"60s""#, "the call frame's 'lifetime' has the wrong type"),
        ("answer", #""call_id":"c1""#, #"'sdp' must be the session description {"type":"answer""#),
        ("answer", #""call_id":"c1",\#(offer)"#, #"'sdp' must be the session description {"type":"answer""#),
        ("answer", #"\#(answer)"#, "every call frame needs a 'call_id'"),
        ("candidates", #""call_id":"c1""#, "'candidates' takes 1 to 32 candidates"),
        ("candidates", #""call_id":"c1","candidates":[]"#, "'candidates' takes 1 to 32 candidates"),
        ("candidates", #""call_id":"c1","candidates":[{"sdpMid":"0"}]"#, "every candidate needs 'candidate'"),
        ("candidates", #""call_id":"c1","candidates":[{"candidate":"","sdpMLineIndex":"0"}]"#, "has the wrong type"),
        ("hangup", #""reason":"busy""#, "every call frame needs a 'call_id'"),
        ("hangup", #""call_id":7"#, "the call frame's 'call_id' has the wrong type"),
        ("reject", "", "every call frame needs a 'call_id'"),
    ])
    func aFrameWithoutWhatItsTypeNeedsIsRefused(type: String, fields: String, message: String) {
        let error = refusal(type, fields)
        #expect(error?.code == .badRequest, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    /// An `sdp` object without its `type` is named as the `sdp` it is, not as a candidate.
    @Test func aDescriptionWithoutItsTypeIsNamedAsTheDescription() {
        let error = refusal("answer", #""call_id":"c1","sdp":{"sdp":"v=0"}"#)
        #expect(error?.code == .badRequest)
        #expect(error?.message.contains("'sdp'") == true && error?.message.contains("candidate") == false, "\(String(describing: error))")
    }

    @Test func aCallFrameWithoutAKnownTypeIsRefused() throws {
        for frame in [#"{"op":"call","call_id":"c1"}"#, #"{"op":"call","type":"dial","call_id":"c1"}"#] {
            #expect(throws: ProtocolError(.badRequest, "a call frame's 'type' is one of invite, answer, candidates, hangup, reject")) {
                try ClientFrame.decode(frame, limits: Limits())
            }
        }
        // A Socket.IO event named `call` takes its type from the object, as `/v1/ws` does.
        #expect(throws: ProtocolError.self) { try ClientFrame.decode(event: #"["call",{"call_id":"c1"}]"#, limits: Limits()) }
        #expect(
            try ClientFrame.decode(event: #"["call",{"type":"reject","call_id":"c1"}]"#, limits: Limits())
                == .call(CallSignal(kind: .reject, callID: "c1")))
    }

    @Test func anEventWhoseTypeIsAnotherIsRefusedAndAMatchingTypeIsTaken() throws {
        #expect(
            throws: ProtocolError(.badRequest, "the event 'invite' carries 'type' answer; leave 'type' out or make them match")
        ) {
            try ClientFrame.decode(event: Substring(#"["invite",{"type":"answer",\#(Self.invite)}]"#), limits: Limits())
        }
        let matching = try ClientFrame.decode(event: Substring(#"["invite",{"op":"call","type":"invite",\#(Self.invite)}]"#), limits: Limits())
        #expect(matching == .call(try decodeBoth("invite", Self.invite)))
    }

    // MARK: - Bounds

    @Test(arguments: [
        ("c1", true), ("A-z_0.9", true), (String(repeating: "x", count: 64), true),
        ("", false), (String(repeating: "x", count: 65), false), ("c 1", false), ("c:1", false), ("c/1", false), ("cé", false),
        (#"c\"1"#, false),
    ])
    func aCallIDIsOneTo64LettersDigitsDotsUnderscoresOrHyphens(id: String, accepted: Bool) {
        let error = refusal("hangup", #""call_id":"\#(id)""#)
        if accepted {
            #expect(error == nil)
        } else {
            let decoded = id.replacingOccurrences(of: #"\""#, with: #"""#)
            #expect(error == refused("'call_id' is 1 to 64 letters, digits, '.', '_' or '-'", callID: decoded))
        }
    }

    @Test func anSDPIsAtMost12KiB() throws {
        let largest = String(repeating: "a", count: 12 * 1024)
        for (type, kind) in [("invite", "offer"), ("answer", "answer")] {
            let head = type == "invite" ? #""room":"lobby","to":"bob","# : ""
            let fields = { (sdp: String) in #"\#(head)"call_id":"c1","sdp":{"type":"\#(kind)","sdp":"\#(sdp)"}"# }
            #expect(try decodeBoth(type, fields(largest)).sdp?.sdp == largest)
            #expect(refusal(type, fields(largest + "a")) == refused("'sdp.sdp' must be 1 to 12288 bytes"))
        }
    }

    @Test func aFrameIsAtMostTheServersFrameSize() {
        var limits = Limits()
        limits.maxFrameBytes = 64
        let frame = #"{"op":"call","type":"invite",\#(Self.invite)}"#
        #expect(frame.utf8.count > 64)
        #expect(throws: ProtocolError.self) { try ClientFrame.decode(frame, limits: limits) }
        do {
            _ = try ClientFrame.decode(frame, limits: limits)
        } catch {
            #expect(error.code == .frameTooLarge)
        }
    }

    @Test func aFrameHoldsAtMost32Candidates() throws {
        let frame = { (count: Int) in
            #""call_id":"c1","candidates":[\#(Array(repeating: #"{"candidate":"c","sdpMLineIndex":0}"#, count: count).joined(separator: ","))]"#
        }
        #expect(try decodeBoth("candidates", frame(32)).candidates.count == 32)
        #expect(refusal("candidates", frame(33)) == refused("'candidates' takes 1 to 32 candidates"))
    }

    @Test(arguments: [
        (#"{"candidate":"\#(String(repeating: "c", count: 512))"}"#, nil),
        (#"{"candidate":"\#(String(repeating: "c", count: 513))"}"#, "a candidate is at most 512 bytes"),
        (#"{"candidate":"c","sdpMid":"\#(String(repeating: "m", count: 32))"}"#, nil),
        (#"{"candidate":"c","sdpMid":"\#(String(repeating: "m", count: 33))"}"#, "'sdpMid' is at most 32 bytes"),
        (#"{"candidate":"c","sdpMid":null,"sdpMLineIndex":null}"#, nil),
        (#"{"candidate":"c","sdpMLineIndex":0}"#, nil), (#"{"candidate":"c","sdpMLineIndex":255}"#, nil),
        (#"{"candidate":"c","sdpMLineIndex":256}"#, "'sdpMLineIndex' is 0 to 255"),
        (#"{"candidate":"c","sdpMLineIndex":-1}"#, "'sdpMLineIndex' is 0 to 255"),
    ] as [(String, String?)])
    func aCandidateIsBounded(candidate: String, refused message: String?) {
        let error = refusal("candidates", #""call_id":"c1","candidates":[\#(candidate)]"#)
        #expect(error == message.map { refused($0) })
    }

    @Test(arguments: [
        ("user_hangup", true), ("Busy_2", true), (String(repeating: "r", count: 64), true),
        ("", false), (String(repeating: "r", count: 65), false), ("busy now", false), ("busy-now", false), ("busy.now", false),
        ("ça", false),
    ])
    func aHangupReasonIsOneTo64LettersDigitsOrUnderscores(reason: String, accepted: Bool) throws {
        let error = refusal("hangup", #""call_id":"c1","reason":"\#(reason)""#)
        if accepted {
            #expect(error == nil)
            #expect(try decodeBoth("hangup", #""call_id":"c1","reason":"\#(reason)""#).reason == reason)
        } else {
            #expect(error == refused("'reason' is 1 to 64 letters, digits or '_'"))
        }
    }

    @Test(arguments: [(1000, true), (60_000, true), (999, false), (0, false), (-5, false)])
    func anInvitesLifetimeIsAtLeastOneSecond(lifetime: Int, accepted: Bool) throws {
        let fields = Self.invite + #","lifetime":\#(lifetime)"#
        if accepted {
            #expect(try decodeBoth("invite", fields).lifetime == lifetime)
        } else {
            #expect(refusal("invite", fields) == refused("'lifetime' is in milliseconds, at least 1000"))
        }
    }

    @Test func anInvitesRoomIsCheckedAsARoom() {
        #expect(refusal("invite", #""room":"no room","call_id":"c1","to":"bob",\#(Self.offer)"#)?.code == .badRoom)
        #expect(refusal("invite", #""room":"lobby","call_id":"c1","to":"\#(String(repeating: "b", count: 129))",\#(Self.offer)"#)?.code == .badRequest)
    }

    // MARK: - What passes

    /// Fields a client adds are dropped, `from` above all: the gateway sets it from the token.
    @Test(arguments: [#""call_id":"a","call_id":"b""#, #""call_id":"c1","reason":"x","reason":"y""#])
    func aFieldNamedTwiceIsRefusedAsEveryFrameIs(_ fields: String) {
        #expect(refusal("hangup", fields)?.code == .malformed)
        let typed = #"{"op":"call","type":"hangup","type":"reject","call_id":"c1"}"#
        #expect(throws: ProtocolError(.malformed, "the frame has 'type' more than once; send each field once")) {
            try ClientFrame.decode(typed, limits: Limits())
        }
    }

    @Test func unknownFieldsAreDropped() throws {
        let extra = #","from":"mallory","user":"mallory","admin":true,"nested":{"a":[1,2,{"b":null}]},"sdp_extra":"x""#
        #expect(try decodeBoth("invite", Self.invite + extra) == (try decodeBoth("invite", Self.invite)))
        let sdp = #""call_id":"c1","sdp":{"type":"answer","sdp":"v=0","candidates":"x"}"#
        #expect(try decodeBoth("answer", sdp) == (try decodeBoth("answer", #""call_id":"c1",\#(Self.answer)"#)))
        let relayed = try relay("invite", Self.invite + extra, from: "alice")
        #expect(relayed == #"{"op":"call","type":"invite","room":"lobby","call_id":"c1","from":"alice","sdp":{"type":"offer","sdp":"v=0"}}"#)
    }

    /// Each type relays only its own fields, whatever else of another type's a client put in the frame: a hangup
    /// or a reject carries no SDP, candidates no room, an answer no lifetime.
    @Test(arguments: [
        ("invite", #"\#(invite),"lifetime":5000,"reason":"x","candidates":[{"candidate":"c"}]"#,
         #"{"op":"call","type":"invite","room":"lobby","call_id":"c1","from":"alice","sdp":{"type":"offer","sdp":"v=0"},"lifetime":5000}"#),
        ("answer", #""call_id":"c1",\#(answer),"room":"lobby","to":"carol","lifetime":5000,"reason":"x","candidates":[{"candidate":"c"}]"#,
         #"{"op":"call","type":"answer","call_id":"c1","from":"alice","sdp":{"type":"answer","sdp":"v=0"}}"#),
        ("candidates", #""call_id":"c1","candidates":[{"candidate":"c","sdpMid":"0","sdpMLineIndex":1},{"candidate":""}],"room":"lobby","to":"carol",\#(offer),"reason":"x""#,
         #"{"op":"call","type":"candidates","call_id":"c1","from":"alice","candidates":[{"candidate":"c","sdpMid":"0","sdpMLineIndex":1},{"candidate":""}]}"#),
        ("hangup", #""call_id":"c1","reason":"gone","room":"lobby","to":"carol",\#(offer),"lifetime":5000,"candidates":[{"candidate":"c"}]"#,
         #"{"op":"call","type":"hangup","call_id":"c1","from":"alice","reason":"gone"}"#),
        ("hangup", #""call_id":"c1""#, #"{"op":"call","type":"hangup","call_id":"c1","from":"alice","reason":"user_hangup"}"#),
        ("reject", #""call_id":"c1","reason":"not_you","room":"lobby","to":"carol",\#(answer),"lifetime":5000,"candidates":[{"candidate":"c"}]"#,
         #"{"op":"call","type":"reject","call_id":"c1","from":"alice"}"#),
    ])
    func aRelayedFrameHasFromInPlaceOfToAndOnlyTheFieldsOfItsType(type: String, fields: String, relayed: String) throws {
        #expect(try relay(type, fields, from: "alice") == relayed)
    }

    /// A relayed frame's `reason` on a reject would reach the audit log unchecked; it is dropped like the rest.
    @Test func aRejectKeepsNoReason() throws {
        #expect(try decodeBoth("reject", #""call_id":"c1","reason":"\#(String(repeating: "x ", count: 200))""#).reason == nil)
    }

    @Test func anSDPIsRelayedAsItCame() throws {
        let sdp = "v=0\r\no=- 46117317 2 IN IP4 127.0.0.1\r\ns=-\r\na=fingerprint:sha-256 \"quoted\" \\ back\r\n"
        var escaped = ""
        for scalar in sdp.unicodeScalars {
            switch scalar {
            case "\r": escaped += "\\r"
            case "\n": escaped += "\\n"
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        let relayed = try relay("answer", #""call_id":"c1","sdp":{"type":"answer","sdp":"\#(escaped)"}"#, from: "bob")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(relayed.utf8)) as? [String: Any])
        #expect((parsed["sdp"] as? [String: Any])?["sdp"] as? String == sdp)
        #expect(relayed.hasPrefix(#"{"op":"call","type":"answer","#))
    }

    @Test func theGatewaysOwnHangupHasNoFrom() {
        #expect(CallFrames.hangup(callID: "c1", reason: "banned") == #"{"op":"call","type":"hangup","call_id":"c1","reason":"banned"}"#)
    }

    /// Socket.IO names the event after the frame's first `type`, the call's, not the SDP's.
    @Test func aRelayedFrameIsASocketIOEventNamedByItsType() throws {
        let invite = try relay("invite", Self.invite + #","lifetime":60000"#, from: "alice")
        #expect(String(buffer: SocketIOFrames.event(ByteBuffer(string: invite))) == #"42["invite",\#(invite)]"#)
        let answer = try relay("answer", #""call_id":"c1",\#(Self.answer)"#, from: "bob")
        #expect(String(buffer: SocketIOFrames.event(ByteBuffer(string: answer))) == #"42["answer",\#(answer)]"#)
        let hangup = CallFrames.hangup(callID: "c1", reason: "invite_timeout")
        #expect(String(buffer: SocketIOFrames.event(ByteBuffer(string: hangup))) == #"42["hangup",\#(hangup)]"#)
        // A user id or room that spells a type inside a string does not name the event.
        let tricky = try relay("invite", #""room":"lobby","call_id":"c1","to":"bob",\#(Self.offer)"#, from: #"x","type":"reject"#)
        #expect(String(buffer: SocketIOFrames.event(ByteBuffer(string: tricky))).hasPrefix(#"42["invite","#))
    }

    // MARK: - Helpers

    /// `fields` (the members after `op` and `type`) decoded as a `/v1/ws` frame and as a Socket.IO event named
    /// `type`: both transports must come to the same signal or the same refusal.
    private func decodeBoth(_ type: String, _ fields: String, limits: Limits = Limits()) throws(ProtocolError) -> CallSignal {
        let separator = fields.isEmpty ? "" : ","
        let ws = Result { () throws(ProtocolError) in
            try ClientFrame.decode(#"{"op":"call","type":"\#(type)"\#(separator)\#(fields)}"#, limits: limits)
        }
        let event = Result { () throws(ProtocolError) in
            try ClientFrame.decode(event: Substring(#"["\#(type)",{\#(fields)}]"#), limits: limits)
        }
        #expect(ws == event, "the transports disagree on \(type) \(fields)")
        guard case .call(let signal) = try ws.get() else {
            Issue.record("\(type) did not decode as a call frame")
            throw ProtocolError(.badRequest, "not a call frame")
        }
        return signal
    }

    /// Why `fields` are refused as a frame of `type`, or nil when they are taken.
    private func refusal(_ type: String, _ fields: String) -> ProtocolError? {
        do {
            _ = try decodeBoth(type, fields)
            return nil
        } catch {
            return error
        }
    }

    /// The `bad_request` a frame with call `callID` is refused with: the id comes back, so that the client knows
    /// which call failed.
    private func refused(_ message: String, callID: String = "c1") -> ProtocolError {
        var error = ProtocolError(.badRequest, message)
        error.callID = callID
        return error
    }

    /// `fields` decoded as a frame of `type` and relayed as from `user`.
    private func relay(_ type: String, _ fields: String, from user: String) throws -> String {
        CallFrames.relayed(try decodeBoth(type, fields), from: user)
    }
}
