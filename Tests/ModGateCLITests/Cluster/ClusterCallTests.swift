import Foundation
import ModGateTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls between users connected to different gateways of one cluster: the signalling crosses PostgreSQL's
/// notification channel (an offer longer than one notification included), and governance holds across nodes.
@Suite(
    .enabled(if: TestPostgres.isAvailable, "needs PostgreSQL: run the tests under scripts/with-postgres (make test does)"),
    .timeLimit(.minutes(3)), .serialized)
struct ClusterCallTests {
    /// An offer longer than PostgreSQL's 8,000-byte notification payload, so that it travels in pieces.
    static let longOffer = "v=0\r\n" + String(repeating: "a=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host\r\n", count: 180)

    @Test func aCallBetweenTwoNodesIsRelayedAndABanThroughEitherEndsItForBoth() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let (alice, bob, moderator) = (try cluster.token("alice"), try cluster.token("bob"), try cluster.token("mod", role: "moderator"))
                try await webSocket(port: cluster.nodes[1].port, token: bob) { bob in
                    try await bob.join("lobby")
                    try await webSocket(port: cluster.nodes[0].port, token: alice) { alice in
                        try await alice.join("lobby")
                        try await alice.send(try Self.frame(["type": "invite", "room": "lobby", "call_id": "x1", "to": "bob",
                                                         "sdp": ["type": "offer", "sdp": Self.longOffer]]))
                        #expect(try await alice.next(op: "ack")["status"] as? String == "ok")
                        let invite = try await bob.next(op: "call")
                        #expect(invite["type"] as? String == "invite" && invite["from"] as? String == "alice" && invite["to"] == nil)
                        #expect((invite["sdp"] as? [String: Any])?["sdp"] as? String == Self.longOffer)

                        try await bob.send(try Self.frame(["type": "answer", "call_id": "x1", "sdp": ["type": "answer", "sdp": "v=0 answer"]]))
                        #expect(try await bob.next(op: "ack")["type"] as? String == "answer")
                        let answer = try await alice.next(op: "call")
                        #expect(answer["type"] as? String == "answer" && answer["from"] as? String == "bob")

                        try await alice.send(try Self.frame(["type": "candidates", "call_id": "x1", "candidates": [["candidate": "", "sdpMid": "0"]]]))
                        #expect(try await bob.next(op: "call")["type"] as? String == "candidates")
                        try await bob.send(try Self.frame(["type": "candidates", "call_id": "x1", "candidates": [["candidate": "", "sdpMid": "0"]]]))
                        #expect(try await alice.next(op: "call")["type"] as? String == "candidates")

                        // Banned through the caller's node: bob, on the other, hears why before his socket closes.
                        #expect(try await ClusterTests.post("/v1/admin/users/bob/ban", to: cluster.nodes[0], token: moderator) == 200)
                        let aliceHangup = try await alice.next(op: "call")
                        #expect(aliceHangup["type"] as? String == "hangup" && aliceHangup["reason"] as? String == "banned")
                        let bobFrames = try await bob.rest().filter { $0["op"] as? String != "ack" }
                        #expect(bobFrames.map { $0["op"] as? String } == ["call", "error"])
                        #expect(bobFrames.first?["reason"] as? String == "banned" && bobFrames.last?["code"] as? String == "user_banned")
                    }
                }
                // The caller's node audited the call once, the callee's node the answer.
                let actions = try await Self.auditActions(cluster.nodes[1], token: moderator).filter { $0.hasPrefix("call.") }
                #expect(actions == ["call.invite", "call.answer", "call.end"])
            }
        }
    }

    @Test func aCalleeConnectedNowhereIsUnavailable() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                try await webSocket(port: cluster.nodes[0].port, token: try cluster.token("alice")) { alice in
                    try await alice.join("lobby")
                    try await alice.send(try Self.frame(["type": "invite", "room": "lobby", "call_id": "x2", "to": "nobody",
                                                     "sdp": ["type": "offer", "sdp": "v=0"]]))
                    #expect(try await alice.next(op: "ack")["status"] as? String == "ok")
                    // No node rang the callee: the caller's node hangs up once it has waited for one.
                    let hangup = try await alice.next(op: "call")
                    #expect(hangup["type"] as? String == "hangup" && hangup["reason"] as? String == "callee_unavailable")
                }
            }
        }
    }

    @Test func aCallerHangingUpBeforeTheAnswerStopsTheRingOnTheOtherNode() async throws {
        try await TestPostgres.withDatabase { database in
            try await Cluster.with(nodes: 2, database: database) { cluster in
                let (alice, bob) = (try cluster.token("alice"), try cluster.token("bob"))
                try await webSocket(port: cluster.nodes[1].port, token: bob) { bob in
                    try await bob.join("lobby")
                    try await webSocket(port: cluster.nodes[0].port, token: alice) { alice in
                        try await alice.join("lobby")
                        try await alice.send(try Self.frame(["type": "invite", "room": "lobby", "call_id": "x3", "to": "bob",
                                                         "sdp": ["type": "offer", "sdp": "v=0"]]))
                        _ = try await alice.next(op: "ack")
                        #expect(try await bob.next(op: "call")["type"] as? String == "invite")
                        try await alice.send(try Self.frame(["type": "hangup", "call_id": "x3"]))
                        _ = try await alice.next(op: "ack")
                        let hangup = try await bob.next(op: "call")
                        #expect(hangup["type"] as? String == "hangup" && hangup["from"] as? String == "alice")
                        // The call is gone on bob's node: his answer finds nothing.
                        try await bob.send(try Self.frame(["type": "answer", "call_id": "x3", "sdp": ["type": "answer", "sdp": "v=0"]]))
                        #expect(try await bob.next(op: "error")["code"] as? String == "unknown_call")
                    }
                }
            }
        }
    }

    /// `{"op":"call",...fields}` as JSON text.
    private static func frame(_ fields: [String: Any]) throws -> String {
        var object = fields
        object["op"] = "call"
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private static func auditActions(_ node: ServerProcess, token: String) async throws -> [String] {
        var request = URLRequest(url: URL(string: node.url + "/v1/admin/audit?limit=1000")!, timeoutInterval: 10)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return entries.compactMap { $0["action"] as? String }
    }
}
