import Foundation
import ModGateChain
import ModGateCore
import Testing

/// Reads `line` as `modgate check --jsonl` does.
private func read(_ line: String, number: Int = 7) -> Result<Message, CheckLineError> {
    var line = line
    return line.withUTF8 { CheckLine.message(from: $0, number: number) }
}

private func problem(_ line: String) -> String? {
    guard case .failure(let error) = read(line) else { return nil }
    return error.message
}

@Test func readsTheFieldsAndSkipsOtherKeys() throws {
    let message = try read(#" {"id": {"a": [1, -2.5e3, true, null, "x"]}, "text": "hi", "user": "ann", "room": "r", "ts": 1700000000.5} "#).get()
    #expect((message.text, message.context.user, message.context.room, message.context.time) == ("hi", "ann", "r", 1_700_000_000.5))
    let defaults = try read(#"{"text": "hi", "user": null}"#).get()
    #expect((defaults.context.user, defaults.context.room, defaults.context.time) == ("anonymous", "check", 7))
}

@Test func undoesEscapes() throws {
    let message = try read(#"{"text": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00 caf\u00C9"}"#).get()
    #expect(message.text == "a\"b\\c/d\n\té😀 cafÉ")
}

@Test(arguments: [
    ("2018-05-02T19:38:15Z", 1_525_289_895.0), ("2018-05-02t19:38:15z", 1_525_289_895), ("2018-05-02 19:38:15Z", 1_525_289_895),
    ("2018-05-02T19:38:15.25Z", 1_525_289_895.25), ("2018-05-02T21:38:15+02:00", 1_525_289_895),
    ("2018-05-02T14:08:15-05:30", 1_525_289_895), ("2024-02-29T00:00:00Z", 1_709_164_800), ("1970-01-01T00:00:00Z", 0),
    ("9999-12-31T23:59:59Z", 253_402_300_799),
])
func readsRFC3339(text: String, seconds: Double) throws {
    #expect(try read(#"{"text": "x", "ts": "\#(text)"}"#).get().context.time == seconds)
}

/// The hand-written reader agrees with Foundation's ISO 8601 parser.
@Test func agreesWithFoundation() throws {
    let formatter = ISO8601DateFormatter()
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
        let date = Date(timeIntervalSince1970: Double(UInt64.random(in: 0...4_102_444_800, using: &generator)))
        let text = formatter.string(from: date)
        #expect(try read(#"{"text": "x", "ts": "\#(text)"}"#).get().context.time == date.timeIntervalSince1970, "\(text)")
    }
}

@Test(arguments: [
    "2018-02-30T00:00:00Z", "2019-02-29T00:00:00Z", "2018-05-02T24:00:00Z", "2018-13-02T10:00:00Z", "2018-5-2T19:38:15Z",
    "2018-05-02T19:38:15", "2018-05-02T19:38:15.Z", "2018-05-02T19:38:15+2:00", "2018-05-02T19:38:15Zjunk", "yesterday",
])
func refusesBadTimes(text: String) {
    #expect(problem(#"{"text": "x", "ts": "\#(text)"}"#) == "'ts' must be RFC 3339 (2018-05-02T19:38:15Z) or Unix seconds")
}

@Test(arguments: [
    (#"not json"#, "not a JSON object"), (#"[1]"#, "not a JSON object"), (#""#, "not a JSON object"),
    (#"{"user": "u2"}"#, #"missing 'text'; each line needs at least {"text": ...}"#),
    (#"{"text": 5}"#, "wrong type for 'text'"), (#"{"text": null}"#, "wrong type for 'text'"),
    (#"{"text": "x", "user": ["a"]}"#, "wrong type for 'user'"), (#"{"text": "x", "ts": true}"#, "wrong type for 'ts'"),
    (#"{"text": "x", "ts": 1e19}"#, "'ts' must be RFC 3339 or Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z), not 1e+19"),
    (#"{"text": "x", "ts": -1}"#, "'ts' must be RFC 3339 or Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z), not -1.0"),
    (#"{"text": "x"} x"#, "malformed JSON at byte 15: text after the object"),
    (#"{"text": "x" "user": "u"}"#, "malformed JSON at byte 14: expected ',' or '}'"),
    (#"{"text": "x"#, "malformed JSON at byte 12: a string without its closing quote"),
    ("{\"text\": \"a\u{1}b\"}", "malformed JSON at byte 12: a control character inside a string; escape it"),
    (#"{"text": "\ud83d"}"#, "malformed JSON at byte 18: a \\u escape that is half a pair"),
    (#"{"text": "x", "ts": 01}"#, "malformed JSON at byte 22: expected ',' or '}'"),
    (#"{"text": "x", "n": tru}"#, "malformed JSON at byte 20: expected a value"),
    (#"{"text": "x", "id": "\q"}"#, "malformed JSON at byte 25: an unknown escape \\q"),
    (#"{"text": "x", "id": {"\ud83d": 1}}"#, "malformed JSON at byte 30: a \\u escape that is half a pair"),
    (#"{"text": "A", "text": "B"}"#, "'text' appears more than once; give each key once"),
    (#"{"text": "x", "ts": null, "t\u0073": 5}"#, "'ts' appears more than once; give each key once"),
])
func explainsWhatIsWrong(line: String, message: String) {
    #expect(problem(line) == message)
}

@Test func refusesInvalidUTF8AndDeepNesting() {
    var bytes = Array(#"{"text": "a"#.utf8) + [0xFF] + Array(#""}"#.utf8)
    let invalid = bytes.withUnsafeBufferPointer { CheckLine.message(from: $0, number: 1) }
    #expect(throws: CheckLineError.self) { try invalid.get() }
    bytes = Array(#"{"text": "x", "id": "a"#.utf8) + [0xFF] + Array(#""}"#.utf8)
    let skipped = bytes.withUnsafeBufferPointer { CheckLine.message(from: $0, number: 1) }
    #expect(throws: CheckLineError(line: 1, message: "malformed JSON at byte 25: a string that is not valid UTF-8")) { try skipped.get() }
    bytes = Array(#"{"text": "x", "deep": "#.utf8) + Array(repeating: UInt8(ascii: "["), count: 10_000)
    let deep = bytes.withUnsafeBufferPointer { CheckLine.message(from: $0, number: 1) }
    #expect(throws: CheckLineError.self) { try deep.get() }
}
