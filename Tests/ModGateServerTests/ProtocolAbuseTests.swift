import Foundation
import HummingbirdWSClient
import ModGateServer
import NIOCore
import NIOWebSocket
import ModGateTestSupport
import Testing

/// Hostile or careless clients: oversized and malformed frames, subscription floods, odd rooms and cursors.
@Suite(.timeLimit(.minutes(1)))
struct ProtocolAbuseTests {
    @Test func aFrameOverTheLimitClosesWithMessageTooLarge() async throws {
        var limits = Limits()
        limits.maxFrameBytes = 1024
        try await GatewayHarness(limits: limits).run { session in
            let close = try await session.socket("alice") { alice in
                let text = #"{"op":"send","room":"lobby","text":""# + String(repeating: "a", count: 2000) + #""}"#
                try await alice.outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))))
                #expect(try await alice.rest().isEmpty)
            }
            #expect(close?.closeCode == .messageTooLarge)
            let history = try await session.request("/v1/rooms/lobby/messages", user: "bob")
            #expect(String(buffer: history.body) == "[]")
        }
    }

    @Test func invalidUTF8ClosesWithDataInconsistent() async throws {
        try await GatewayHarness().run { session in
            let close = try await session.socket("alice") { alice in
                try await alice.outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0xC3, 0x28]))))
                #expect(try await alice.rest().isEmpty)
            }
            #expect(close?.closeCode == .dataInconsistentWithMessage)
        }
    }

    @Test func aBinaryFrameGetsAnErrorAndTheConnectionLives() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("alice") { alice in
                try await alice.outbound.write(.binary(ByteBuffer(string: #"{"op":"send","room":"lobby","text":"hi"}"#)))
                let error = try await alice.next(op: "error")
                #expect(error["code"] as? String == "malformed_frame")
                try await alice.send(#"{"op":"send","room":"lobby","text":"still here","cid":"s"}"#)
                #expect(try await alice.next(op: "ack")["status"] as? String == "delivered")
            }
        }
    }

    @Test func aThousandSubscribesAreCappedAndTheSocketStillWorks() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("alice") { alice in
                for room in 1...1000 { try await alice.send(#"{"op":"subscribe","room":"r\#(room)"}"#) }
                try await alice.send(#"{"op":"send","room":"r1","text":"after the flood","cid":"done"}"#)
                var refused = 0
                var delivered = false
                while true {
                    let frame = try await alice.next()
                    // Past the first 100, each is refused by the cap or, past the burst, by the throttle.
                    if ["too_many_subscriptions", "subscribe_throttled"].contains(frame["code"] as? String) { refused += 1 }
                    if frame["op"] as? String == "msg" { delivered = frame["text"] as? String == "after the flood" }
                    if frame["op"] as? String == "ack" {
                        #expect(frame["cid"] as? String == "done")
                        break
                    }
                }
                #expect(refused == 1000 - Limits().maxSubscriptions)
                // The message reaches the subscribed room: the first 100 subscriptions hold.
                if !delivered { #expect(try await alice.next(op: "msg")["text"] as? String == "after the flood") }
            }
        }
    }

    @Test(arguments: [String(repeating: "r", count: 1024), "lobby☃", "ロビー", "", "a b", "lobby/../x"])
    func absurdRoomNamesAreRefused(room: String) async throws {
        try await GatewayHarness().run { session in
            let name = String(data: try JSONEncoder().encode(room), encoding: .utf8)!
            try await session.socket("alice") { alice in
                try await alice.send(#"{"op":"subscribe","room":\#(name)}"#)
                #expect(try await alice.next(op: "error")["code"] as? String == (room.isEmpty ? "bad_request" : "bad_room"))
                try await alice.send(#"{"op":"send","room":\#(name),"text":"hi"}"#)
                #expect(try await alice.next(op: "error")["code"] as? String == (room.isEmpty ? "bad_request" : "bad_room"))
            }
            let escaped = room.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? room
            if !room.isEmpty {
                let response = try await session.request("/v1/rooms/\(escaped)/messages", user: "alice")
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func sinceBeyondTheEndSendsNothingThenLiveMessages() async throws {
        try await GatewayHarness().run { session in
            for index in 1...3 {
                _ = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"m\#(index)"}"#)
            }
            try await session.socket("bob") { bob in
                try await bob.send(#"{"op":"subscribe","room":"lobby","since":1000}"#)
                // An ack for bob's own send proves the subscription is in place before the live message.
                try await bob.send(#"{"op":"send","room":"other","text":"sync","cid":"sync"}"#)
                _ = try await bob.next(op: "ack")
                _ = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"m4"}"#)
                let live = try await bob.next()
                #expect(live["op"] as? String == "msg")
                #expect(live["seq"] as? Int == 4)
                #expect(live["text"] as? String == "m4")
            }
        }
    }

    @Test func unsubscribeStopsDelivery() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("bob") { bob in
                try await bob.send(#"{"op":"subscribe","room":"lobby"}"#)
                try await bob.send(#"{"op":"subscribe","room":"other"}"#)
                try await bob.send(#"{"op":"send","room":"lobby","text":"one","cid":"1"}"#)
                var texts = try await Self.messages(bob, until: "1", text: "one")
                try await bob.send(#"{"op":"unsubscribe","room":"lobby"}"#)
                try await bob.send(#"{"op":"send","room":"lobby","text":"two","cid":"2"}"#)
                try await bob.send(#"{"op":"send","room":"other","text":"three","cid":"3"}"#)
                texts += try await Self.messages(bob, until: "3", text: "three")
                #expect(texts == ["one", "three"])
            }
        }
    }

    /// The texts of the messages that arrive until both the ack for `cid` and the message `text` have come.
    static func messages(_ socket: Socket, until cid: String, text: String) async throws -> [String] {
        var texts: [String] = []
        var acked = false
        while !acked || texts.last != text {
            let frame = try await socket.next()
            if frame["op"] as? String == "ack", frame["cid"] as? String == cid { acked = true }
            if frame["op"] as? String == "msg", let text = frame["text"] as? String { texts.append(text) }
        }
        return texts
    }
}
