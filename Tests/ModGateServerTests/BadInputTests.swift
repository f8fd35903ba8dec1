import Foundation
import ModGateServer
import Testing

/// Bad input gets a clear error frame or close code, and costs nobody else anything.
@Suite(.timeLimit(.minutes(1)))
struct BadInputTests {
    @Test(arguments: [
        ("not json", "malformed_frame"),
        (#"{"op":"dance","room":"lobby"}"#, "unknown_op"),
        (#"{"op":"ping"}"#, "unknown_op"),
        (#"{"op":"send","room":"../../etc","text":"hi"}"#, "bad_room"),
        (#"{"op":"send","room":"lobby","text":""}"#, "bad_request"),
    ])
    func badFramesGetAnErrorAndTheConnectionLives(frame: String, code: String) async throws {
        try await GatewayHarness().run { session in
            try await session.socket("alice") { alice in
                try await alice.send(frame)
                #expect(try await alice.next(op: "error")["code"] as? String == code)
                try await alice.send(#"{"op":"send","room":"lobby","text":"still here"}"#)
                #expect(try await alice.next(op: "ack")["status"] as? String == "delivered")
            }
        }
    }

    /// The HTTP send route reads its body as the WebSocket reader reads a frame: strict JSON, each field once.
    @Test(arguments: [
        #"{"text":"A","text":"B"}"#, #"{"cid":"c"}"#, #"{"text":"hi",}"#, "[]", #"{"text":"hi"} {}"#,
    ])
    func badSendBodiesAreRefusedOverHTTP(body: String) async throws {
        try await GatewayHarness().run { session in
            let response = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: body)
            #expect(response.status == .badRequest)
            #expect(try JSONValue(response)["code"].string == "malformed_frame")
            let page = try JSONValue(try await session.request("/v1/rooms/lobby/messages?since=0", user: "alice"))
            #expect(page.array.isEmpty)
        }
    }

    @Test func tooLongTextAndTooManySubscriptionsAreRefused() async throws {
        var limits = Limits()
        limits.maxTextBytes = 16
        limits.maxSubscriptions = 3
        try await GatewayHarness(limits: limits).run { session in
            try await session.socket("alice") { alice in
                try await alice.send(#"{"op":"send","room":"lobby","text":"far more than sixteen bytes"}"#)
                #expect(try await alice.next(op: "error")["code"] as? String == "text_too_long")
                for room in 1...4 { try await alice.send(#"{"op":"subscribe","room":"r\#(room)"}"#) }
                #expect(try await alice.next(op: "error")["code"] as? String == "too_many_subscriptions")
            }
        }
    }
}
