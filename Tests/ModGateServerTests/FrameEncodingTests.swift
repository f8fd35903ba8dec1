import Foundation
import Testing

@testable import ModGateServer

/// The hand-written `ack` and `msg` JSON says what `JSONEncoder` says.
struct FrameEncodingTests {
    static let texts = [
        "hello", "", "quote \" and backslash \\", "slash / stays", "line\nbreak\ttab\r", "bell \u{07} and \u{1F}",
        "naïve café 日本語 🎉", "\u{2028}",
    ]

    /// The generic path: inside a generic function the type is not known to be `Ack` or `Msg`.
    private func throughTheEncoder<Frame: Encodable>(_ frame: Frame) -> String { ServerFrame.encode(frame) }

    private func object(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test(arguments: texts)
    func messagesMatchTheEncoder(text: String) throws {
        let msg = ServerFrame.Msg(room: "lobby", seq: 17, id: 42, user: "u\(text)", text: text, ts: 1_795_744_355.25)
        let generic = throughTheEncoder(msg)
        #expect(try object(ServerFrame.encode(msg)) == object(generic))
    }

    @Test(arguments: texts)
    func acksMatchTheEncoder(reason: String) throws {
        let acks = [
            ServerFrame.Ack(cid: "c\(reason)", id: 7, status: "held", reason: reason, retryAfter: 2.5),
            ServerFrame.Ack(cid: nil, id: nil, status: "rejected", reason: nil, retryAfter: nil),
        ]
        for ack in acks { #expect(try object(ServerFrame.encode(ack)) == object(throughTheEncoder(ack))) }
    }

    @Test func fieldsComeInDeclarationOrder() {
        let ack = ServerFrame.Ack(cid: "c1", id: 7, status: "delivered", reason: nil, retryAfter: nil)
        #expect(ServerFrame.encode(ack) == #"{"op":"ack","cid":"c1","id":7,"status":"delivered"}"#)
        let msg = ServerFrame.Msg(room: "lobby", seq: nil, id: 3, user: "ann", text: "hi/there", ts: 12.5)
        #expect(ServerFrame.encode(msg) == #"{"op":"msg","room":"lobby","id":3,"user":"ann","text":"hi/there","ts":12.5}"#)
    }
}
