import NIOCore
import Testing

@testable import ModGateServer

/// What the gateway sends Socket.IO clients: the frames of /v1/ws as events and acknowledgements.
struct SocketIOFramesTests {
    let msg = ByteBuffer(string: #"{"op":"msg","room":"lobby","seq":3,"id":9,"user":"bob","text":"hi","ts":1.5}"#)

    @Test func framesBecomeEventsNamedAfterTheirOp() {
        #expect(String(buffer: SocketIOFrames.event(msg)) == #"42["msg",{"op":"msg","room":"lobby","seq":3,"id":9,"user":"bob","text":"hi","ts":1.5}]"#)
        // JSONEncoder keeps no key order: the event carries the frame as it was encoded.
        let retract = ServerFrame.encode(ServerFrame.Retract(room: "lobby", id: 9))
        #expect(String(buffer: SocketIOFrames.event(ByteBuffer(string: retract))) == #"42["retract",\#(retract)]"#)
    }

    @Test func theOpOfEveryServerFrameIsFound() {
        let frames = [
            ServerFrame.encode(ServerFrame.Ack(cid: "c", id: 1, status: "held", reason: "r", retryAfter: nil)),
            ServerFrame.encode(ServerFrame.Msg(room: "r", seq: nil, id: 1, user: "u", text: "t", ts: 0)),
            ServerFrame.encode(ServerFrame.Retract(room: "r", id: 1)),
            ServerFrame.encode(ServerFrame.Failure(code: "bad_room", message: "m")),
            ServerFrame.encode(Decision(id: 1, room: "r", status: "rejected", reason: "no")),
        ]
        #expect(frames.map { SocketIOFrames.member("op", of: ByteBuffer(string: $0)) } == ["ack", "msg", "retract", "error", "decision"])
        // Wherever it stands, and never from inside a string.
        #expect(SocketIOFrames.member("op", of: ByteBuffer(string: #"{"code":"x","message":"say \"op\":\"y\"","op":"error"}"#)) == "error")
        #expect(SocketIOFrames.member("op", of: ByteBuffer(string: #"{"code":"x"}"#)) == nil)
    }

    @Test func answersGoUnderTheClientsAckID() {
        let ack = ByteBuffer(string: #"{"op":"ack","cid":"c1","id":4,"status":"delivered"}"#)
        #expect(String(buffer: SocketIOFrames.ack(12, ack)) == #"4312[{"op":"ack","cid":"c1","id":4,"status":"delivered"}]"#)
        #expect(String(buffer: SocketIOFrames.applied(.subscribe("lobby", resumeAfter: 3))) == #"{"status":"ok","room":"lobby"}"#)
    }

    @Test func connectionsAreAcceptedOrRefusedWithAReason() {
        #expect(String(buffer: SocketIOFrames.connected(sid: "s")) == #"40{"sid":"s"}"#)
        #expect(String(buffer: SocketIOFrames.connectError(code: "token_malformed", message: "bad \"token\""))
            == #"44{"message":"bad \"token\"","data":{"code":"token_malformed"}}"#)
        #expect(String(buffer: SocketIOSession.unknownNamespace("/admin")).hasPrefix(#"44/admin,{"message":"Invalid namespace"#))
    }

    @Test func sessionIDsAre128RandomBitsInBase64URL() {
        #expect(SessionID.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
        let ids = (0..<100).map { _ in SessionID.random() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.utf8.count == 22 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
    }
}
