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

/// A field named twice is refused: the reader would keep the last, `JSONDecoder` (the HTTP route) the first
/// (fixtures/fuzz/frame/crash-duplicate-key).
@Test(arguments: [
    (#"{"op":"send","room":"lobby","text":"A","text":"B"}"#, "text"),
    (#"{"op":"send","room":"lobby","text":"A","t\u0065xt":"B"}"#, "text"),
    (#"{"op":"send","op":"subscribe","room":"lobby","text":"A"}"#, "op"),
    (#"{"op":"subscribe","room":"lobby","since":null,"since":3}"#, "since"),
    (#"{"op":"unsubscribe","room":"lobby","cid":"a","cid":"a"}"#, "cid"),
    (#"{"room":"a","op":"unsubscribe","room":"b"}"#, "room"),
])
func refusesARepeatedField(frame: String, field: String) {
    #expect(throws: ProtocolError(.malformed, "the frame has '\(field)' more than once; send each field once")) {
        try ClientFrame.decode(frame, limits: Limits())
    }
}

@Test func skipsRepeatedFieldsItDoesNotRead() throws {
    #expect(try ClientFrame.decode(#"{"op":"unsubscribe","room":"lobby","x":1,"x":[2]}"#, limits: Limits())
        == .unsubscribe(room: "lobby"))
}
