import ModGateServer
import Testing

@Test func decodesEachOp() throws {
    let limits = Limits()
    #expect(try ClientFrame.decode(#"{"op":"send","room":"lobby","text":"hi","cid":"c1"}"#, limits: limits)
        == .send(room: "lobby", text: "hi", cid: "c1"))
    #expect(try ClientFrame.decode(#"{"op":"subscribe","room":"lobby","since":4}"#, limits: limits)
        == .subscribe(room: "lobby", since: 4))
    #expect(try ClientFrame.decode(#"{"op":"unsubscribe","room":"lobby"}"#, limits: limits) == .unsubscribe(room: "lobby"))
}

@Test(arguments: [
    (#"not json"#, ProtocolError.Code.malformed),
    (#"{"op":"dance","room":"lobby"}"#, .unknownOp),
    (#"{"op":"dance"}"#, .unknownOp),
    (#"{"op":"send","room":"lobby"}"#, .badRequest),
    (#"{"op":"send","room":"no spaces","text":"hi"}"#, .badRoom),
    (#"{"op":"send","text":"hi"}"#, .badRequest),
    (#"{"op":"subscribe","room":"lobby","since":-1}"#, .badRequest),
])
func refusesBadFramesWithACode(frame: String, code: ProtocolError.Code) {
    #expect(throws: ProtocolError.self) { try ClientFrame.decode(frame, limits: Limits()) }
    do {
        _ = try ClientFrame.decode(frame, limits: Limits())
    } catch {
        #expect(error.code == code)
    }
}

@Test func enforcesSizeLimits() {
    var limits = Limits()
    limits.maxTextBytes = 8
    limits.maxRoomBytes = 4
    #expect(throws: ProtocolError(.textTooLong, "messages are limited to 8 bytes")) {
        try ClientFrame.decode(#"{"op":"send","room":"r","text":"123456789"}"#, limits: limits)
    }
    #expect(throws: ProtocolError.self) { try ClientFrame.decode(#"{"op":"send","room":"roomy","text":"hi"}"#, limits: limits) }
    limits.maxFrameBytes = 10
    #expect(throws: ProtocolError.self) { try ClientFrame.decode(#"{"op":"send","room":"r","text":"hi"}"#, limits: limits) }
}
