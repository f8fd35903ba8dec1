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
