import Foundation
import HummingbirdTesting
import ModGateServer
import ModGateTestSupport
import Synchronization
import Testing

/// A send is idempotent by (user, cid): a resend after a timeout, `not_stored` or a reconnect answers the first
/// send's ack and stores nothing new, over WebSocket and HTTP.
@Suite(.timeLimit(.minutes(1)))
struct ResendTests {
    @Test func aResendOnAnotherConnectionAnswersTheFirstAckAndIsNotDeliveredTwice() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("bob") { bob in
                try await bob.join("lobby")
                let first = Mutex<Int?>(nil)
                try await session.socket("alice") { alice in
                    try await alice.send(#"{"op":"send","room":"lobby","text":"once","cid":"c1"}"#)
                    let id = try await alice.next(op: "ack")["id"] as? Int
                    first.withLock { $0 = id }
                }
                try await session.socket("alice") { alice in
                    try await alice.send(#"{"op":"send","room":"lobby","text":"once","cid":"c1"}"#)
                    let again = try await alice.next(op: "ack")
                    #expect(again["id"] as? Int == first.withLock { $0 })
                    #expect(again["status"] as? String == "delivered")
                    try await alice.send(#"{"op":"send","room":"lobby","text":"next","cid":"c2"}"#)
                    _ = try await alice.next(op: "ack")
                }
                #expect(try await bob.next(op: "msg")["text"] as? String == "once")
                let next = try await bob.next(op: "msg")
                #expect(next["text"] as? String == "next")
                #expect(next["seq"] as? Int == 2)
            }
        }
    }

    @Test func copiesInOneBatchStoreOnceAndAHeldOriginalStaysHeld() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("alice") { alice in
                for _ in 0..<5 { try await alice.send(#"{"op":"send","room":"lobby","text":"dup","cid":"same"}"#) }
                let ids = try await (0..<5).asyncMap { _ in try await alice.next(op: "ack")["id"] as? Int }
                #expect(Set(ids.compactMap { $0 }).count == 1)
                try await alice.send(#"{"op":"send","room":"lobby","text":"please holdme","cid":"held"}"#)
                let held = try await alice.next(op: "ack")
                try await alice.send(#"{"op":"send","room":"lobby","text":"please holdme","cid":"held"}"#)
                let again = try await alice.next(op: "ack")
                #expect(again["status"] as? String == "held")
                #expect(again["id"] as? Int == held["id"] as? Int)
                #expect(again["reason"] as? String == "Held for review.")
            }
            let history = try await session.request("/v1/rooms/lobby/messages?since=0", user: "bob")
            let messages = try JSONSerialization.jsonObject(with: Data(buffer: history.body)) as? [[String: Any]]
            #expect(messages?.count == 1)
        }
    }

    @Test func httpResendsAnswerTheFirstAckAndLongCidsAreRefused() async throws {
        try await GatewayHarness().run { session in
            let body = #"{"text":"over http","cid":"h1"}"#
            let first = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: body)
            let again = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: body)
            #expect(first.status == .ok && again.status == .ok)
            #expect(try Self.ack(first) == Self.ack(again))
            // Another user's cid is theirs: the same cid from bob is a new message.
            let bobs = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "bob", body: body)
            #expect(try Self.ack(bobs).id != Self.ack(first).id)
            let long = String(repeating: "x", count: 65)
            let refused = try await session.request(
                "/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"hi","cid":"\#(long)"}"#)
            #expect(refused.status == .badRequest)
        }
    }
}

extension ResendTests {
    /// The id and status of an HTTP send's ack.
    fileprivate static func ack(_ response: TestResponse) throws -> (id: Int?, status: String?) {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return (object?["id"] as? Int, object?["status"] as? String)
    }
}

extension Range where Bound == Int {
    fileprivate func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for index in self { results.append(try await transform(index)) }
        return results
    }
}
