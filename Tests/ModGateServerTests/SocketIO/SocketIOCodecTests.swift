import ModGateProtocol
import Testing

/// Engine.IO and Socket.IO packets as the official clients send them.
struct SocketIOCodecTests {
    @Test func enginePacketsDecode() throws {
        #expect(try EnginePacket.decode("3") == .pong(""))
        #expect(try EnginePacket.decode("2probe") == .ping("probe"))
        #expect(try EnginePacket.decode("5") == .upgrade)
        #expect(try EnginePacket.decode(#"40{"token":"t"}"#) == .message(#"0{"token":"t"}"#))
        #expect(throws: EngineError.binary) { try EnginePacket.decode("bAQID") }
        #expect(throws: EngineError.self) { try EnginePacket.decode("") }
        #expect(throws: EngineError.self) { try EnginePacket.decode("9") }
    }

    @Test func pollingPayloadsSplitOnTheRecordSeparator() throws {
        #expect(try EnginePacket.decodePayload("40\u{1E}3\u{1E}42[\"send\",{}]", maxPackets: 8)
            == [.message("0"), .pong(""), .message(#"2["send",{}]"#)])
        #expect(throws: EngineError.self) { try EnginePacket.decodePayload("3\u{1E}3\u{1E}3", maxPackets: 2) }
    }

    @Test func theOpenPacketCarriesTheHandshake() {
        let handshake = EngineHandshake(sid: "abc", upgrades: ["websocket"], pingInterval: 25000, pingTimeout: 20000, maxPayload: 16384)
        #expect(handshake.packet.encoded
            == #"0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}"#)
    }

    @Test func socketIOPacketsDecode() throws {
        #expect(try SocketIOPacket.decode(#"0{"token":"t"}"#) == SocketIOPacket(kind: .connect, data: #"{"token":"t"}"#))
        #expect(try SocketIOPacket.decode("0/admin,") == SocketIOPacket(kind: .connect, namespace: "/admin"))
        #expect(try SocketIOPacket.decode("1/admin") == SocketIOPacket(kind: .disconnect, namespace: "/admin"))
        #expect(try SocketIOPacket.decode(#"212["send",{}]"#) == SocketIOPacket(kind: .event, ackID: 12, data: #"["send",{}]"#))
        #expect(try SocketIOPacket.decode(#"2/chat,7["x"]"#) == SocketIOPacket(kind: .event, namespace: "/chat", ackID: 7, data: #"["x"]"#))
        #expect(throws: ProtocolError.binaryPacket) { try SocketIOPacket.decode(#"51-["send",{"_placeholder":true,"num":0}]"#) }
        #expect(throws: ProtocolError.self) { try SocketIOPacket.decode("x") }
        #expect(throws: ProtocolError.self) { try SocketIOPacket.decode("21234567890123456[]") }
        #expect(throws: ProtocolError.self) { try SocketIOPacket.decode("0/" + String(repeating: "n", count: 200)) }
    }

    @Test func eventsBecomeTheOpsOfV1WS() throws {
        let limits = Limits()
        #expect(try ClientFrame.decode(event: #"["send",{"room":"lobby","text":"hi","cid":"c1"}]"#, limits: limits)
            == .send(room: "lobby", text: "hi", cid: "c1"))
        #expect(try ClientFrame.decode(event: #" [ "subscribe" , {"room":"lobby","since":4} ] "#, limits: limits)
            == .subscribe(room: "lobby", since: 4))
        #expect(try ClientFrame.decode(event: #"["unsubscribe",{"room":"lobby"}]"#, limits: limits) == .unsubscribe(room: "lobby"))
    }

    @Test(arguments: [
        (#"["shout",{"room":"lobby"}]"#, ProtocolError.Code.unknownOp),
        (#"["send",{"room":"lobby"}]"#, .badRequest),
        (#"["send","hi"]"#, .badRequest),
        (#"["send",{"room":"lobby","text":"hi"},{}]"#, .badRequest),
        (#"["send",{"room":"a b","text":"hi"}]"#, .badRoom),
        (#"["send",{"room":"lobby","text":"hi","text":"ho"}]"#, .malformed),
        (#"{"op":"send"}"#, .malformed),
        (#"[1,{}]"#, .malformed),
        (#"["send",{"room":"lobby","text":"hi"}"#, .malformed),
    ])
    func badEventsAreRefusedWithTheCodesOfV1WS(event: String, code: ProtocolError.Code) {
        let error = #expect(throws: ProtocolError.self) { try ClientFrame.decode(event: Substring(event), limits: Limits()) }
        #expect(error?.code == code, "\(event)")
    }

    @Test func eventsAreBoundedAsFramesAre() {
        var limits = Limits()
        limits.maxFrameBytes = 64
        limits.maxTextBytes = 8
        let long = #"["send",{"room":"lobby","text":"\#(String(repeating: "x", count: 80))"}]"#
        #expect(throws: ProtocolError.self) { try ClientFrame.decode(event: Substring(long), limits: limits) }
        #expect(throws: ProtocolError(.textTooLong, "messages are limited to 8 bytes")) {
            try ClientFrame.decode(event: #"["send",{"room":"r","text":"123456789"}]"#, limits: limits)
        }
    }
}
