import Foundation
import HummingbirdTesting
import ModGateServer
import ModGateTestSupport
import Testing

/// The wire protocol against a real server on loopback, with real WebSocket clients.
@Suite(.timeLimit(.minutes(1)))
struct GatewayTests {
    @Test func sendIsAckedAndDeliveredToTheRoom() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("bob") { bob in
                try await bob.join("lobby")
                try await session.socket("alice") { alice in
                    try await alice.send(#"{"op":"send","room":"lobby","text":"hello bob","cid":"c1"}"#)
                    let ack = try await alice.next(op: "ack")
                    #expect(ack["status"] as? String == "delivered")
                    #expect(ack["cid"] as? String == "c1")
                }
                let message = try await bob.next(op: "msg")
                #expect(message["text"] as? String == "hello bob")
                #expect(message["user"] as? String == "alice")
                #expect(message["seq"] as? Int == 1)
            }
        }
    }

    @Test func heldIsNotDeliveredAndRejectedGetsItsReason() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("bob") { bob in
                try await bob.join("lobby")
                try await session.socket("alice") { alice in
                    try await alice.send(#"{"op":"send","room":"lobby","text":"please holdme","cid":"h"}"#)
                    #expect(try await alice.next(op: "ack")["status"] as? String == "held")
                    try await alice.send(#"{"op":"send","room":"lobby","text":"rejectme now","cid":"r"}"#)
                    let rejected = try await alice.next(op: "ack")
                    #expect(rejected["status"] as? String == "rejected")
                    #expect(rejected["reason"] as? String == "That word is not allowed here.")
                    try await alice.send(#"{"op":"send","room":"lobby","text":"visible","cid":"v"}"#)
                    #expect(try await alice.next(op: "ack")["status"] as? String == "delivered")
                }
                let first = try await bob.next(op: "msg")
                #expect(first["text"] as? String == "visible")
                #expect(first["seq"] as? Int == 1)
            }
        }
    }

    @Test func shadowedReachesOnlyItsSender() async throws {
        try await GatewayHarness().run { session in
            try await session.socket("bob") { bob in
                try await bob.join("lobby")
                try await session.socket("alice") { alice in
                    try await alice.join("lobby")
                    try await alice.send(#"{"op":"send","room":"lobby","text":"shadowme please","cid":"s"}"#)
                    #expect(try await alice.next(op: "ack")["status"] as? String == "shadowed")
                    let own = try await alice.next(op: "msg")
                    #expect(own["text"] as? String == "shadowme please")
                    try await alice.send(#"{"op":"send","room":"lobby","text":"after","cid":"a"}"#)
                    _ = try await alice.next(op: "ack")
                }
                #expect(try await bob.next(op: "msg")["text"] as? String == "after")
            }
        }
    }

    @Test func resumeAfterADisconnectHasNoGap() async throws {
        try await GatewayHarness().run { session in
            for index in 1...5 {
                let response = try await session.request(
                    "/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"m\#(index)"}"#)
                #expect(response.status == .ok)
            }
            try await session.socket("bob") { bob in
                try await bob.send(#"{"op":"subscribe","room":"lobby","since":2}"#)
                for expected in 3...5 { #expect(try await bob.next(op: "msg")["seq"] as? Int == expected) }
                _ = try await session.request("/v1/rooms/lobby/messages", method: .post, user: "alice", body: #"{"text":"m6"}"#)
                #expect(try await bob.next(op: "msg")["seq"] as? Int == 6)
            }
            let page = try await session.request("/v1/rooms/lobby/messages?since=4&limit=10", user: "bob")
            let messages = try JSONSerialization.jsonObject(with: Data(buffer: page.body)) as? [[String: Any]]
            #expect(messages?.compactMap { $0["seq"] as? Int } == [5, 6])
        }
    }

    @Test func checkJudgesWithoutStoring() async throws {
        try await GatewayHarness().run { session in
            let response = try await session.request(
                "/v1/check", method: .post, user: "backend", role: .service, body: #"{"text":"rejectme","user":"alice","room":"check"}"#)
            let verdict = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            #expect(verdict?["verdict"] as? String == "reject")
            let history = try await session.request("/v1/rooms/check/messages", user: "alice")
            #expect(String(buffer: history.body) == "[]")
        }
    }
}
