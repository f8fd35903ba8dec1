import Foundation
import Testing

@testable import ModGateProtocol
@testable import ModGateServer
@testable import ModGateSpam

/// The hand-written reader against `JSONDecoder`: on every text, both accept or both refuse, with the same fields.
struct ClientFrameFieldsTests {
    /// What `JSONDecoder` reads, the reference.
    private struct Reference: Decodable, Equatable {
        var op: String?
        var room: String?
        var text: String?
        var cid: String?
        var since: Int64?
    }

    private static func reference(_ json: String) -> Reference? {
        try? JSONDecoder().decode(Reference.self, from: Data(json.utf8))
    }

    private static func isJSON(_ json: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) != nil
    }

    private static func fields(_ json: String) -> Reference? {
        (try? ClientFrameFields(json: json)).map { Reference(op: $0.op, room: $0.room, text: $0.text, cid: $0.cid, since: $0.since) }
    }

    static let frames = [
        #"{"op":"send","room":"lobby","text":"hi","cid":"c1"}"#,
        #"  { "op" : "subscribe" , "room" : "lobby" , "since" : 12 }  "#,
        #"{"op":"send","room":"lobby","text":"quote \" slash \/ back \\ tab \t nl \n u \u00e9 \ud83c\udf89"}"#,
        #"{"op":"send","room":"lobby","text":"naïve 日本語 🎉","extra":{"a":[1,2.5e3,-0,true,false,null,{"b":"c"}]}}"#,
        #"{"op":"unsubscribe","room":"lobby","since":null,"cid":null}"#,
        #"{"op":"subscribe","room":"lobby","since":5.0}"#,
        #"{"op":"subscribe","room":"lobby","since":1e2}"#,
        #"{"op":"subscribe","room":"lobby","since":-3}"#,
        #"{}"#, #"{"room":"lobby"}"#, #"{"op":null}"#,
    ]

    static let refused = [
        "", " ", "[]", "null", "\"op\"", "{", "}", #"{"op":"send",}"#, #"{"op":"send""room":"x"}"#, #"{op:"send"}"#,
        #"{"op":'send'}"#, #"{"op":"send"} x"#, #"{"op":"send"}{}"#, #"{"op":1}"#, #"{"room":["x"]}"#,
        #"{"since":"5"}"#, #"{"since":5.5}"#, #"{"since":99999999999999999999}"#, #"{"since":01}"#, #"{"since":1.}"#,
        #"{"since":.5}"#, #"{"since":-}"#, #"{"text":"bad \x escape"}"#, #"{"text":"lone \ud83c surrogate"}"#,
        #"{"text":"short \u12"}"#, "{\"text\":\"raw\u{01}control\"}", #"{"a":tru}"#, #"{"a":[1,]}"#, #"{"a":{"b"}}"#,
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ]

    @Test(arguments: frames)
    func readsWhatTheDecoderReads(json: String) {
        #expect(Self.fields(json) != nil)
        #expect(Self.fields(json) == Self.reference(json))
    }

    @Test(arguments: refused)
    func refusesWhatIsNotAFrame(json: String) {
        #expect(Self.fields(json) == nil)
    }

    /// Thousands of near-misses: each frame with bytes deleted, doubled or replaced by JSON's own characters.
    @Test func agreesWithTheDecoderOnMutatedFrames() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array(#"{}[]":,\ "0123456789.-eE+tfnulxa"#.utf8)
        var disagreements: [String] = []
        for _ in 0..<3000 {
            var bytes = Array(Self.frames[Int(random.next() % UInt64(Self.frames.count))].utf8)
            for _ in 0...(random.next() % 3) {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(bytes[at], at: at)
                default: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
                if bytes.isEmpty { break }
            }
            guard let json = String(validating: bytes, as: UTF8.self) else { continue }
            // JSONDecoder does not look inside fields it skips ("x":1e or "x":"\q" pass); the reader refuses
            // any text that is not JSON, so where they differ the text must be invalid JSON.
            let fields = Self.fields(json)
            if fields != Self.reference(json), fields != nil || Self.isJSON(json) { disagreements.append(json) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
